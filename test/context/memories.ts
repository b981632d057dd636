/**
 * The labelled set's memories: one person's life as a companion would hear it, spread over the
 * stores the Context Engine searches. Lines are `id | source | key | text` (key empty for Vector KB
 * entries). Many memories share words with others on purpose, so a query has something to miss.
 */
import type { ContextSource } from "../../src/context/types.js";

export interface LabelledMemory {
  id: string;
  source: Exclude<ContextSource, "soul_kb">;
  key: string;
  text: string;
}

const LINES = `
p01|mind_vault|person:Anna|sister
p02|mind_vault|person:Helen|wife
p03|mind_vault|person:Raj|best friend at work
p04|mind_vault|person:Walter|dad
p05|mind_vault|person:Rosa|mum
p06|mind_vault|person:Leo|son
p07|mind_vault|person:Mia|daughter
p08|mind_vault|person:Tom|brother
p09|mind_vault|person:Priya|boss
p10|mind_vault|person:Jake|neighbour
p11|mind_vault|person:Grace|grandma
p12|mind_vault|person:Okafor|family doctor
f01|mind_vault|fact:capital_france|Paris
f02|mind_vault|fact:capital_portugal|Lisbon
f03|mind_vault|fact:blood_type|O negative
f04|mind_vault|fact:car_registration|KX19 ABD
f05|mind_vault|fact:wifi_password|sunflower-river-42
f06|mind_vault|fact:home_address|14 Elm Grove, Bristol
f07|mind_vault|fact:passport_expiry|March 2029
f08|mind_vault|fact:shoe_size|UK 10
f09|mind_vault|fact:favourite_colour|forest green
f10|mind_vault|fact:allergies|penicillin and shellfish
f11|mind_vault|fact:wedding_anniversary|June 12
f12|mind_vault|fact:employer|Northwind Logistics
f13|mind_vault|fact:job_title|senior data analyst
f14|mind_vault|fact:dentist|Dr Lewis at Smile Studio on Park Street
f15|mind_vault|fact:gym|PureGym Bristol, membership renews in January
f16|mind_vault|fact:bank|Monzo current account, Nationwide savings
f17|mind_vault|fact:coffee_order|oat flat white, no sugar
f18|mind_vault|fact:height|182 cm
f19|mind_vault|fact:boiling_point_water|100 degrees Celsius at sea level
f20|mind_vault|fact:speed_of_light|about 300,000 km per second
f21|mind_vault|fact:capital_japan|Tokyo
f22|mind_vault|fact:tallest_mountain|Mount Everest, 8,849 m
f23|mind_vault|pref:music|jazz and old soul records
f24|mind_vault|pref:diet|mostly vegetarian, eats fish now and then
f25|mind_vault|pref:wake_time|6:30 on weekdays
f26|mind_vault|pref:news|no news before breakfast
f27|mind_vault|fact:insurance|home insurance with Aviva, renews in September
f28|mind_vault|fact:vet|Redland Vets, Dr Shah
f29|mind_vault|fact:pet|a ginger cat called Biscuit
f30|mind_vault|fact:first_language|English; learning Portuguese
v001|vector_kb||Anna moved to Lisbon last spring and rents a flat in Alfama.
v002|vector_kb||Anna works as a translator for a publishing house.
v003|vector_kb||Anna's birthday is on the 3rd of August.
v004|vector_kb||Called Anna on Sunday; she is thinking of adopting a dog.
v005|vector_kb||Helen and I met at a friend's barbecue in 2009.
v006|vector_kb||Helen teaches chemistry at the secondary school near Clifton.
v007|vector_kb||Helen is allergic to cats, but Biscuit doesn't bother her much.
v008|vector_kb||Helen wants to repaint the kitchen a pale yellow.
v009|vector_kb||Raj recommended a book about distributed systems.
v010|vector_kb||Raj and I play squash every Thursday after work.
v011|vector_kb||Raj's wedding is in Pune in November; we are invited.
v012|vector_kb||Dad takes metformin every morning for his type 2 diabetes.
v013|vector_kb||Dad started lisinopril to bring his blood pressure down.
v014|vector_kb||Dad also takes atorvastatin at night for cholesterol.
v015|vector_kb||Dad had his cataract operation in October; his eyesight is much better.
v016|vector_kb||Dad restores old motorbikes in his garage.
v017|vector_kb||Walter turned 74 this year and still walks five miles a day.
v018|vector_kb||Mum grows tomatoes and runner beans in her allotment.
v019|vector_kb||Mum's knee replacement went well; physio twice a week.
v020|vector_kb||Mum and Dad live in a bungalow in Weston-super-Mare.
v021|vector_kb||Rosa makes the best paella; her recipe uses saffron from Valencia.
v022|vector_kb||Leo is nine and obsessed with dinosaurs.
v023|vector_kb||Leo has football practice on Saturday mornings at 9.
v024|vector_kb||Leo lost his first tooth at school today.
v025|vector_kb||Leo is allergic to peanuts; he carries an EpiPen.
v026|vector_kb||Mia started piano lessons with Mrs Clarke on Wednesdays.
v027|vector_kb||Mia wants to be a marine biologist when she grows up.
v028|vector_kb||Mia's school play is on the 14th; she plays the fox.
v029|vector_kb||Tom lives in Manchester and works as an electrician.
v030|vector_kb||Tom is training for the Manchester marathon in April.
v031|vector_kb||Tom owes me £200 from the festival tickets.
v032|vector_kb||Priya asked for the quarterly report by Friday.
v033|vector_kb||Priya approved my two weeks of leave in August.
v034|vector_kb||Performance review with Priya is on the 20th.
v035|vector_kb||Jake next door is keeping an eye on the house while we are away.
v036|vector_kb||Jake borrowed the hedge trimmer and hasn't returned it.
v037|vector_kb||Grandma Grace is 96 and lives in a care home in Bath.
v038|vector_kb||Grace taught me to knit when I was seven.
v039|vector_kb||Dr Okafor said my cholesterol is slightly high; recheck in six months.
v040|vector_kb||Dr Okafor prescribed an inhaler for the wheezing.
v041|vector_kb||I am allergic to penicillin; it gave me hives as a child.
v042|vector_kb||Shellfish makes my throat swell, so I avoid prawns and mussels.
v043|vector_kb||Dental checkup booked for Tuesday at 3pm with Dr Lewis.
v044|vector_kb||Need a filling in the lower left molar.
v045|vector_kb||I take vitamin D in winter because I rarely see the sun.
v046|vector_kb||My blood pressure was 128 over 82 at the pharmacy.
v047|vector_kb||I sprained my ankle running on the Downs in May.
v048|vector_kb||Physiotherapist said to stretch my calves every day.
v049|vector_kb||I sleep badly when I drink coffee after 2pm.
v050|vector_kb||Trying to cut down on sugar; no biscuits at work.
v051|vector_kb||Eye test next month; my reading glasses feel weak.
v052|vector_kb||Flu jab done at the pharmacy on the 2nd of October.
v053|vector_kb||My GP surgery is Whiteladies Health Centre.
v054|vector_kb||The annual health check showed low iron.
v055|vector_kb||Started working at Northwind Logistics in 2019.
v056|vector_kb||Our team builds forecasting models for warehouse demand.
v057|vector_kb||I present the demand dashboard at the Monday stand-up.
v058|vector_kb||Salary review in April; asking for a 6% raise.
v059|vector_kb||Commute is 25 minutes by bike along the harbourside.
v060|vector_kb||Work laptop is a ThinkPad; IT ticket open for the broken dock.
v061|vector_kb||The office moves to Temple Quay in the new year.
v062|vector_kb||I want to learn Rust properly this year.
v063|vector_kb||Finished the machine learning course on Coursera.
v064|vector_kb||Thinking about a master's degree in statistics, part time.
v065|vector_kb||My manager says I should mentor the new graduate, Sam.
v066|vector_kb||Conference in Berlin in May about data engineering.
v067|vector_kb||Holiday in Crete booked for the last week of July.
v068|vector_kb||Flights to Crete leave Bristol at 6am on a Saturday.
v069|vector_kb||We stayed in a cabin in the Lake District last Easter.
v070|vector_kb||Want to visit Japan for the cherry blossom someday.
v071|vector_kb||Visiting Anna in Lisbon over the October half term.
v072|vector_kb||Passport renewal sent off; the new one should arrive in three weeks.
v073|vector_kb||Camping in Pembrokeshire with the kids in August.
v074|vector_kb||Weekend in Edinburgh for Helen's fortieth.
v075|vector_kb||The car needs an MOT before the end of the month.
v076|vector_kb||The car is a grey 2019 Skoda Octavia estate.
v077|vector_kb||Insurance on the car renews on the 1st of December.
v078|vector_kb||The boiler is making a banging noise again.
v079|vector_kb||Plumber coming Thursday morning to look at the boiler.
v080|vector_kb||The roof over the bay window leaks when it rains hard.
v081|vector_kb||Bought a new washing machine, a Bosch, delivered Friday.
v082|vector_kb||Council tax goes out on the 1st of each month.
v083|vector_kb||Mortgage fixed rate ends next June; need to remortgage.
v084|vector_kb||Savings goal: £5,000 emergency fund by Christmas.
v085|vector_kb||Pension contributions are 8% with the employer matching 5%.
v086|vector_kb||Netflix and Spotify subscriptions come out on the 15th.
v087|vector_kb||Electricity bill went up to £140 a month.
v088|vector_kb||Tax return due by 31 January for the rental income.
v089|vector_kb||We rent out the old flat in Bedminster to a couple.
v090|vector_kb||Biscuit the cat needs his booster vaccination in March.
v091|vector_kb||Biscuit only eats the salmon pouches, never the chicken.
v092|vector_kb||The cat flap is broken again.
v093|vector_kb||Favourite restaurant is the little Thai place on Gloucester Road.
v094|vector_kb||I can't stand coriander; it tastes like soap to me.
v095|vector_kb||Sunday roast at Mum and Dad's every other week.
v096|vector_kb||Helen's lasagne is the family favourite.
v097|vector_kb||Learning to bake sourdough; the starter is called Doug.
v098|vector_kb||Went to a whisky tasting in Islay with Raj.
v099|vector_kb||I drink too much coffee, about four cups a day.
v100|vector_kb||Allotment neighbour gave us courgettes.
v101|vector_kb||I play guitar badly but enjoy it.
v102|vector_kb||Reading a biography of Ada Lovelace.
v103|vector_kb||Favourite film is Spirited Away.
v104|vector_kb||Started running again, three times a week, 5k each.
v105|vector_kb||Signed up for the Bristol half marathon in September.
v106|vector_kb||Swimming lessons for Mia on Tuesday evenings.
v107|vector_kb||We watch a film together as a family every Friday.
v108|vector_kb||I'm on the committee of the local community garden.
v109|vector_kb||Volunteering at the food bank on the first Saturday of the month.
v110|vector_kb||The book club is reading Middlemarch this month.
v111|vector_kb||Chess club at the library on Wednesday nights.
v112|vector_kb||I want to take up pottery classes.
v113|vector_kb||Bought Helen a silver necklace for our anniversary last year.
v114|vector_kb||Helen's favourite flowers are peonies.
v115|vector_kb||Leo wants a Lego volcano for his birthday.
v116|vector_kb||Mia's birthday party will be at the trampoline park.
v117|vector_kb||Christmas this year at Tom's place in Manchester.
v118|vector_kb||Remember to send Grandma Grace a card for her birthday in February.
v119|vector_kb||Raj's daughter was born in March; her name is Asha.
v120|vector_kb||Meeting Raj for lunch on Tuesday at the noodle bar.
v121|vector_kb||The kids' school is St Mary's Primary.
v122|vector_kb||Parents' evening on the 18th at 5:30.
v123|vector_kb||Leo struggles with reading; his teacher suggested phonics games.
v124|vector_kb||Mia is top of her class in maths.
v125|vector_kb||School holidays start on the 22nd of July.
v126|vector_kb||The kids go to holiday club at the leisure centre.
v127|vector_kb||Anna's partner is Miguel; they met in Porto.
v128|vector_kb||Anna is coming to stay with us at Christmas.
v129|vector_kb||Tom's wife Kate is expecting twins.
v130|vector_kb||Helen's sister Ruth lives in Cardiff.
v131|vector_kb||Helen's parents are in Dorset; her dad is a retired vicar.
v132|vector_kb||Mum has a hospital appointment about her hip on the 9th.
v133|vector_kb||Dad is deaf in his left ear and hates phone calls.
v134|vector_kb||Dad's sister, Aunt Julie, lives in Spain.
v135|vector_kb||Uncle Pete fixed the fence last summer.
v136|vector_kb||Cousin Ellie is getting married in Devon.
v137|vector_kb||Our solicitor is Hargreaves & Co for the will.
v138|vector_kb||The spare key is with Jake next door.
v139|vector_kb||The alarm code is written in the blue notebook in the study.
v140|vector_kb||Bin day is Tuesday; recycling every other week.
v141|vector_kb||The garden fence blew down in the storm.
v142|vector_kb||We planted an apple tree by the shed.
v143|vector_kb||The electrician fixed the kitchen sockets.
v144|vector_kb||Broadband contract with BT ends in May.
v145|vector_kb||My phone screen cracked; repair booked at the shop on Friday.
v146|vector_kb||Laptop backup runs to the external drive on Sundays.
v147|vector_kb||I keep forgetting to water the houseplants.
v148|vector_kb||We're thinking of getting solar panels.
v149|vector_kb||The loft conversion quote came to £45,000.
v150|vector_kb||Nursery for Leo cost a fortune when he was small.
v151|vector_kb||I felt anxious before the presentation but it went fine.
v152|vector_kb||Talking therapy helped a lot after the redundancy in 2018.
v153|vector_kb||Meditation for ten minutes before bed helps me sleep.
v154|vector_kb||I get migraines when I skip meals.
v155|vector_kb||I was made redundant from Blue Harbour Insurance in 2018.
v156|vector_kb||My first job was at a bakery on Cotham Hill.
v157|vector_kb||I studied physics at Cardiff University.
v158|vector_kb||Grew up in Swansea; moved to Bristol in 2008.
v159|vector_kb||My best friend from school, Owen, lives in Canada now.
v160|vector_kb||Owen calls on my birthday every year without fail.
v161|vector_kb||My birthday is the 17th of April.
v162|vector_kb||I'm left-handed.
v163|vector_kb||I'm scared of heights but did the zip wire anyway.
v164|vector_kb||I lost my wedding ring swimming in Cornwall.
v165|vector_kb||Helen proposed at the top of Brandon Hill.
v166|vector_kb||We got married at the registry office and partied in a barn.
v167|vector_kb||Our wedding song was "At Last" by Etta James.
v168|vector_kb||Honeymoon in the Azores, whale watching.
v169|vector_kb||I prefer tea in the afternoon, Earl Grey.
v170|vector_kb||I do the grocery shopping on Saturday at Sainsbury's.
v171|vector_kb||The doctor wants me to walk 10,000 steps a day.
v172|vector_kb||Took the car to the garage for new brake pads.
v173|vector_kb||The bike got a puncture on the way to work.
v174|vector_kb||I'm saving for an electric bike.
v175|vector_kb||Train to London takes an hour and forty minutes.
v176|vector_kb||Helen takes levothyroxine for her thyroid.
v177|vector_kb||Mia gets hay fever in June; antihistamines help.
v178|vector_kb||Leo broke his wrist falling off the trampoline last year.
v179|vector_kb||Tom had knee surgery after a football injury.
v180|vector_kb||Anna is vegan and does yoga every morning.
v181|vector_kb||Priya is leaving the company at the end of the year.
v182|vector_kb||The team offsite is in the Cotswolds in September.
v183|vector_kb||Raj is my go-to person for Python questions.
v184|vector_kb||I owe Raj a pint for covering my shift.
v185|vector_kb||The new graduate Sam is quick but shy.
v186|vector_kb||Jake's dog barks at the postman every morning.
v187|vector_kb||The neighbours on the other side are moving out.
v188|vector_kb||Our street party is on the bank holiday.
v189|vector_kb||We donate to the RNLI every month.
v190|vector_kb||I voted by post in the last election.
v191|vector_kb||Want to write a will and set up lasting power of attorney.
v192|vector_kb||Helen's car is a red Toyota Yaris.
v193|vector_kb||The kids' dentist is the same as ours.
v194|vector_kb||Mia needs braces, according to the orthodontist.
v195|vector_kb||I grind my teeth at night; the dentist made a mouth guard.
v196|vector_kb||Hospital parking costs £4 an hour.
v197|vector_kb||My sister sends postcards from every trip.
v198|vector_kb||Our family WhatsApp group is called The Dinosaurs.
v199|vector_kb||I'm terrible at remembering names at parties.
v200|vector_kb||My French is rusty; I did it at GCSE.
e01|eternal_memory|epm:me:1795856400|Had a long talk with Helen about moving closer to her parents.
e02|eternal_memory|epm:me:1795804200|Leo scored his first goal at football and was over the moon.
e03|eternal_memory|epm:me:1795694400|Lunch with Raj; he is worried about the reorganisation.
e04|eternal_memory|epm:me:1795636800|Dad phoned about his new tablets making him dizzy.
e05|eternal_memory|epm:me:1795508100|Missed the bus and cycled in the rain.
e06|eternal_memory|epm:me:1795449600|Took Biscuit to the vet for his teeth; two extractions.
e07|eternal_memory|epm:me:1795345200|Mia performed at the piano recital and didn't miss a note.
e08|eternal_memory|epm:me:1795287600|Argued with Tom about the money he owes me.
e09|eternal_memory|epm:me:1795168800|Video call with Anna from her new flat; the view of the river is lovely.
e10|eternal_memory|epm:me:1795096800|Felt burnt out at work; took the afternoon off.
e11|eternal_memory|ltm:lesson_sleep|Screens off an hour before bed makes the next day better.
e12|eternal_memory|ltm:lesson_money|Never lend money to Tom without writing it down.
e13|eternal_memory|ltm:childhood_home|The house in Swansea had a red door and a pear tree.
e14|eternal_memory|ltm:grandad|Grandad Arthur was a miner and sang in a male voice choir.
e15|eternal_memory|ltm:first_car|My first car was a blue Fiesta that broke down constantly.
e16|eternal_memory|wm:today_plan|Today: finish the report, pick up Leo at 3:15, buy milk.
e17|eternal_memory|wm:shopping|Shopping list: milk, eggs, oat milk, bin bags, cat food.
e18|eternal_memory|stm:last_message|Helen texted that she'll be home late.
e19|eternal_memory|rfm:calm:breathing|When stressed, breathe in for four and out for six.
e20|eternal_memory|rfm:safety:cycling|Always wear the helmet and lights after dark.
e21|eternal_memory|epm:me:1794994200|Dentist said the filling is done; numb for hours.
e22|eternal_memory|epm:me:1794949200|Watched the meteor shower with the kids from the garden.
e23|eternal_memory|epm:me:1794834000|Grandma Grace didn't recognise me at first today; it hurt.
e24|eternal_memory|epm:me:1794762000|Mum's hip appointment was moved to January.
e25|eternal_memory|epm:me:1794659400|Priya praised the dashboard in front of the directors.
e26|eternal_memory|ltm:values|Family first, then health, then work.
e27|eternal_memory|ltm:fear|Afraid of deep water since nearly drowning at eight.
e28|eternal_memory|epm:me:1794556800|Jake brought round a parcel that was delivered to him by mistake.
e29|eternal_memory|epm:me:1794512700|Pub quiz with Raj; we came second.
e30|eternal_memory|epm:me:1794382200|Ran 10k for the first time without stopping.
`;

export const MEMORIES: readonly LabelledMemory[] = LINES.trim()
  .split("\n")
  .map((line) => {
    const [id, source, key, ...text] = line.split("|");
    return { id: id!, source: source as LabelledMemory["source"], key: key!, text: text.join("|") };
  });
