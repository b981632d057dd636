/**
 * The labelled set's queries, written as a person would type them before any ranking was tuned,
 * in five kinds: keyword, question, paraphrase (no content word shared with the answer), typo and
 * multi-answer. `relevant` lists every memory (by id in memories.ts) that answers the query.
 */
export type QueryKind = "keyword" | "question" | "paraphrase" | "typo" | "multi";

export interface LabelledQuery {
  query: string;
  kind: QueryKind;
  relevant: readonly string[];
}

export const QUERIES: readonly LabelledQuery[] = [
  // keyword
  { kind: "keyword", query: "penicillin", relevant: ["v041", "f10"] },
  { kind: "keyword", query: "boiler", relevant: ["v078", "v079"] },
  { kind: "keyword", query: "Crete holiday", relevant: ["v067", "v068"] },
  { kind: "keyword", query: "wifi password", relevant: ["f05"] },
  { kind: "keyword", query: "squash", relevant: ["v010"] },
  { kind: "keyword", query: "mortgage", relevant: ["v083"] },
  { kind: "keyword", query: "Biscuit vet", relevant: ["e06", "v090", "f28"] },
  { kind: "keyword", query: "sourdough starter", relevant: ["v097"] },
  { kind: "keyword", query: "passport", relevant: ["f07", "v072"] },
  { kind: "keyword", query: "blood type", relevant: ["f03"] },
  { kind: "keyword", query: "Manchester marathon", relevant: ["v030"] },
  { kind: "keyword", query: "car insurance", relevant: ["v077"] },
  { kind: "keyword", query: "Etta James", relevant: ["v167"] },
  // question
  { kind: "question", query: "Where does my sister live these days?", relevant: ["v001", "e09"] },
  { kind: "question", query: "When is the dentist appointment?", relevant: ["v043"] },
  { kind: "question", query: "What's the capital of France?", relevant: ["f01"] },
  { kind: "question", query: "What is my wife's job?", relevant: ["v006"] },
  { kind: "question", query: "When is Anna's birthday?", relevant: ["v003"] },
  { kind: "question", query: "What car do we drive?", relevant: ["v076"] },
  { kind: "question", query: "Who has our spare key?", relevant: ["v138"] },
  { kind: "question", query: "What does my brother do for work?", relevant: ["v029"] },
  { kind: "question", query: "Which day is bin day?", relevant: ["v140"] },
  { kind: "question", query: "What is my son allergic to?", relevant: ["v025"] },
  { kind: "question", query: "How old is my grandma?", relevant: ["v037"] },
  { kind: "question", query: "Where did Helen and I meet?", relevant: ["v005"] },
  { kind: "question", query: "What did my boss ask for?", relevant: ["v032"] },
  // paraphrase: no content word in common with the answer
  { kind: "paraphrase", query: "my spouse's occupation", relevant: ["v006"] },
  { kind: "paraphrase", query: "which drug am I sensitive to", relevant: ["v041", "f10"] },
  { kind: "paraphrase", query: "teeth doctor visit", relevant: ["v043", "f14"] },
  { kind: "paraphrase", query: "my old man's hobby", relevant: ["v016"] },
  { kind: "paraphrase", query: "heating system problem", relevant: ["v078", "v079"] },
  { kind: "paraphrase", query: "my kid's sport", relevant: ["v023", "e02"] },
  { kind: "paraphrase", query: "our feline's food preference", relevant: ["v091"] },
  { kind: "paraphrase", query: "trip to Greece", relevant: ["v067", "v068"] },
  { kind: "paraphrase", query: "my mum's vegetable patch", relevant: ["v018"] },
  { kind: "paraphrase", query: "house loan ending", relevant: ["v083"] },
  { kind: "paraphrase", query: "my best mate's upcoming marriage", relevant: ["v011"] },
  { kind: "paraphrase", query: "fear of falling from high places", relevant: ["v163"] },
  { kind: "paraphrase", query: "my girl's musical instrument tuition", relevant: ["v026", "e07"] },
  // typo
  { kind: "typo", query: "penicilin allergy", relevant: ["v041", "f10"] },
  { kind: "typo", query: "dentsit appointment", relevant: ["v043"] },
  { kind: "typo", query: "boilr noise", relevant: ["v078"] },
  { kind: "typo", query: "marathn training", relevant: ["v030"] },
  { kind: "typo", query: "mortage rate", relevant: ["v083"] },
  { kind: "typo", query: "Lisbn flat", relevant: ["v001", "e09"] },
  { kind: "typo", query: "wifi pasword", relevant: ["f05"] },
  { kind: "typo", query: "cholestrol", relevant: ["v014", "v039"] },
  { kind: "typo", query: "chemestry teacher", relevant: ["v006"] },
  { kind: "typo", query: "pianno lessons", relevant: ["v026"] },
  { kind: "typo", query: "vacination for the cat", relevant: ["v090"] },
  { kind: "typo", query: "sourdogh", relevant: ["v097"] },
  // multi-answer
  { kind: "multi", query: "What medications is Dad on?", relevant: ["v012", "v013", "v014", "e04"] },
  { kind: "multi", query: "What am I allergic to?", relevant: ["v041", "v042", "f10"] },
  { kind: "multi", query: "What are the kids' activities?", relevant: ["v023", "v026", "v106", "v126"] },
  { kind: "multi", query: "Everything about my sister", relevant: ["v001", "v002", "v003", "v004", "v071", "v127", "v128", "v180", "e09", "p01"] },
  { kind: "multi", query: "What bills go out each month?", relevant: ["v082", "v086", "v087"] },
  { kind: "multi", query: "Tom's news", relevant: ["v029", "v030", "v031", "v117", "v129", "v179", "e08"] },
  { kind: "multi", query: "What do I know about Raj?", relevant: ["v009", "v010", "v011", "v098", "v119", "v120", "v183", "v184", "e03", "e29", "p03"] },
  { kind: "multi", query: "health problems I have", relevant: ["v041", "v042", "v046", "v047", "v054", "v154", "v039"] },
  { kind: "multi", query: "things to fix around the house", relevant: ["v078", "v080", "v092", "v141"] },
  { kind: "multi", query: "my daughter's hobbies", relevant: ["v026", "v106", "v027"] },
  { kind: "multi", query: "trips we have planned", relevant: ["v067", "v071", "v073", "v074", "v066"] },
  { kind: "multi", query: "Mia's health", relevant: ["v177", "v194"] },
];
