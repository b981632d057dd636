/**
 * Who-is-who: the Mind Vault keeps people as `person:{Name}` → the relationship in the user's words
 * ("sister", "wife", "best friend at work"). A query's relationship words ("my sister", "my spouse",
 * "my old man", "my best mate") are read through a built-in table of kinship and friendship synonyms
 * and expand to the names that hold that relationship, and to the other words for it ("old man" →
 * dad, father) since memories name people both ways.
 */
import { words } from "../../src/shared/text.js";

/** Phrase → [specific relation, the broader one it belongs to]. */
const TABLE: Record<string, readonly [string, string?]> = {};
function define(specific: string, general: string | undefined, phrases: string): void {
  for (const phrase of phrases.split(",")) TABLE[phrase.trim()] = general ? [specific, general] : [specific];
}
define("mother", "parent", "mother,mom,mum,mummy,mommy,mama,mam,mamma,momma");
define("father", "parent", "father,dad,daddy,papa,pops,old man,pappa");
define("parent", undefined, "parent,parents,folks");
define("sister", "sibling", "sister,sis,big sister,little sister,older sister,younger sister,kid sister");
define("brother", "sibling", "brother,bro,big brother,little brother,older brother,younger brother,kid brother");
define("sibling", undefined, "sibling,siblings");
define("wife", "spouse", "wife,missus,missis,wifey");
define("husband", "spouse", "husband,hubby");
define("spouse", undefined, "spouse,other half,better half,significant other,partner,life partner");
define("fiance", "spouse", "fiance,fiancee,betrothed");
define("boyfriend", "spouse", "boyfriend");
define("girlfriend", "spouse", "girlfriend");
define("son", "child", "son,boy,lad");
define("daughter", "child", "daughter,girl");
define("child", undefined, "child,children,kid,kids,little one,offspring");
define("grandmother", "grandparent", "grandmother,grandma,granny,gran,nan,nana,nanna,grandmom,grandmum");
define("grandfather", "grandparent", "grandfather,grandpa,grandad,granddad,gramps,grandpop,granda");
define("grandparent", undefined, "grandparent,grandparents");
define("grandson", "grandchild", "grandson");
define("granddaughter", "grandchild", "granddaughter");
define("grandchild", undefined, "grandchild,grandchildren,grandkid,grandkids");
define("aunt", undefined, "aunt,auntie,aunty");
define("uncle", undefined, "uncle");
define("cousin", undefined, "cousin,cuz");
define("niece", undefined, "niece");
define("nephew", undefined, "nephew");
define("mother-in-law", "in-law", "mother in law");
define("father-in-law", "in-law", "father in law");
define("sister-in-law", "in-law", "sister in law");
define("brother-in-law", "in-law", "brother in law");
define("in-law", undefined, "in laws,inlaws");
define("stepmother", "parent", "stepmother,stepmom,stepmum");
define("stepfather", "parent", "stepfather,stepdad");
define("best friend", "friend", "best friend,best mate,bestie,bff,closest friend,best pal,best buddy");
define("friend", undefined, "friend,friends,mate,mates,pal,buddy,chum");
define("coworker", undefined, "colleague,coworker,co worker,workmate,friend at work,work friend,colleagues");
define("boss", "coworker", "boss,manager,supervisor,line manager");
define("neighbour", undefined, "neighbour,neighbor,next door");
define("doctor", undefined, "doctor,gp,physician,family doctor");
define("flatmate", undefined, "flatmate,roommate,housemate");

const LONGEST = Math.max(...Object.keys(TABLE).map((phrase) => phrase.split(" ").length));

export interface RelationMention {
  /** The words as the query says them, with a "my" before them if there was one. */
  phrase: string;
  specific: string;
  general: string | undefined;
}

/** Relationship phrases in a text, longest match first, left to right. */
export function findRelations(text: string): RelationMention[] {
  const list = words(text);
  const out: RelationMention[] = [];
  for (let i = 0; i < list.length; ) {
    let matched = 0;
    for (let n = Math.min(LONGEST, list.length - i); n >= 1 && matched === 0; n -= 1) {
      const phrase = list.slice(i, i + n).join(" ");
      const entry = TABLE[phrase];
      if (!entry) continue;
      const my = i > 0 && (list[i - 1] === "my" || list[i - 1] === "our");
      out.push({ phrase: my ? `${list[i - 1]} ${phrase}` : phrase, specific: entry[0], general: entry[1] });
      matched = n;
    }
    i += matched || 1;
  }
  return out;
}

/** The relations a person holds, from what the user wrote about them: "best friend at work" → best friend, friend, coworker. */
export function relationTags(description: string): Set<string> {
  const tags = new Set<string>();
  for (const mention of findRelations(description)) {
    tags.add(mention.specific);
    if (mention.general) tags.add(mention.general);
  }
  if (/\bat work\b|\bfrom work\b|\bwork\b/.test(description.toLowerCase())) tags.add("coworker");
  return tags;
}

/** The other words for a relation ("father" → dad, daddy, papa, …), so texts that use another word match. */
export function synonyms(specific: string): string[] {
  return Object.keys(TABLE).filter((phrase) => TABLE[phrase]![0] === specific && phrase.length > 2);
}

/** People in the Mind Vault: name → the relations they hold. */
export type PeopleMap = ReadonlyMap<string, ReadonlySet<string>>;

/** `person:{Name}` Mind key → the name, or undefined for any other key. */
export function personName(key: string): string | undefined {
  if (!key.toLowerCase().startsWith("person:")) return undefined;
  const name = key.slice("person:".length).replace(/[_-]+/g, " ").trim();
  return name.length > 0 ? name : undefined;
}

/**
 * The names a mention stands for: those holding the relation itself, else (for "my partner" asked of
 * someone stored as "wife") those holding the broader one, or stored with the broader word.
 */
export function namesFor(mention: RelationMention, people: PeopleMap): string[] {
  const exact = [...people].filter(([, tags]) => tags.has(mention.specific)).map(([name]) => name);
  if (exact.length > 0 || !mention.general) return exact;
  return [...people].filter(([, tags]) => tags.has(mention.general!)).map(([name]) => name);
}
