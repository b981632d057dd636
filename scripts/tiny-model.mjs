// The tiny BERT-shaped sentence model the browser tests load as if it came from the model hub:
// a WordPiece vocabulary of a few hundred words and an ONNX graph that looks each token up in an
// embedding table (input_ids, attention_mask, token_type_ids → last_hidden_state [batch, seq, 384]).
// Deterministic: the same tables every run, so tests can compute the expected vectors themselves.
// Words of one topic share most of their vector, so the model "understands" a few paraphrases
// that the hash embedder cannot match (spouse ↔ wife ↔ Helen, living ↔ works ↔ nurse).
import { createRequire } from "node:module";

export const TINY_DIM = 384;
export const SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

/** Topic groups first (shared direction), then plain words (own direction). */
export const TOPICS = [
  ["spouse", "wife", "husband", "married", "helen", "partner"],
  ["living", "job", "works", "work", "nurse", "shifts", "career", "employed"],
  ["capital", "city", "paris", "france", "london", "berlin"],
  ["dog", "cat", "pet", "puppy", "kitten", "animal"],
  ["doctor", "hospital", "medicine", "sick", "health"],
  ["birthday", "party", "cake", "celebrate", "anniversary"],
];

const PLAIN = `the a an and or but of to in on at for with by from as is are was were be been being it its this that
these those i me my mine you your he him his she her we us our they them their what which who whom whose when where why
how do does did done doing have has had not no yes all any some many much more most other such only own same so than too
very can will just should now night day week year time morning evening today tomorrow yesterday home house car book music
song food coffee tea water bread apple school teacher student friend family mother father sister brother son daughter
child children baby name email phone address street garden tree flower sun rain snow winter summer spring autumn red blue
green black white big small old new good bad happy sad love like want need know think say tell ask give take make go come
see look find help play read write run walk eat drink sleep live move keep hold bring buy pay open close start stop learn
remember forget meet call visit travel trip holiday train bus plane ticket money bank shop market price cheap expensive
computer program code test bug file folder picture photo movie game sport football tennis swim bike mountain river sea
beach island country town village road bridge park zoo museum library church office meeting project team boss idea plan
story news letter message gift card color number one two three four five six seven eight nine ten first last next early
late always never often sometimes again about after before during under over between into through up down out off`.split(/\s+/).filter(Boolean);

/** Word pieces so unknown longer words split the WordPiece way. */
export const PUNCTUATION = [".", ",", "?", "!", "'", "-", ":"];
export const SUBWORDS = ["##s", "##ed", "##ing", "##er", "##ly", "##est", "##y", "##n", "##al"];

export function tinyVocab() {
  const words = [...new Set([...TOPICS.flat(), ...PLAIN])];
  const tokens = [...SPECIAL_TOKENS, ...words, ...PUNCTUATION, ...SUBWORDS];
  return Object.fromEntries(tokens.map((token, id) => [token, id]));
}

/** mulberry32: a small seeded generator, so the tables never change between runs. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The word-embedding table, row = token id, as float32 values (what the ONNX initializer holds). */
export function tinyEmbeddingTable() {
  const vocab = tinyVocab();
  const size = Object.keys(vocab).length;
  const table = new Float32Array(size * TINY_DIM);
  const next = random(16);
  const gaussianish = () => next() + next() + next() - 1.5;
  const topicOf = new Map();
  const topicVectors = TOPICS.map(() => Array.from({ length: TINY_DIM }, gaussianish));
  TOPICS.forEach((words, t) => words.forEach((word) => topicOf.set(word, t)));
  for (const [token, id] of Object.entries(vocab)) {
    const topic = topicOf.get(token);
    for (let d = 0; d < TINY_DIM; d += 1) {
      const own = gaussianish();
      table[id * TINY_DIM + d] = Math.fround(topic === undefined ? own : 0.85 * topicVectors[topic][d] + 0.15 * own);
    }
  }
  return table;
}

export function tinyTokenizerJson() {
  const vocab = tinyVocab();
  const special = (content) => ({ id: vocab[content], content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  const piece = (id) => ({ id, ids: [vocab[id]], tokens: [id] });
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map(special),
    normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [{ SpecialToken: { id: "[CLS]", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "[SEP]", type_id: 0 } }],
      pair: [
        { SpecialToken: { id: "[CLS]", type_id: 0 } },
        { Sequence: { id: "A", type_id: 0 } },
        { SpecialToken: { id: "[SEP]", type_id: 0 } },
        { Sequence: { id: "B", type_id: 1 } },
        { SpecialToken: { id: "[SEP]", type_id: 1 } },
      ],
      special_tokens: { "[CLS]": piece("[CLS]"), "[SEP]": piece("[SEP]") },
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: { type: "WordPiece", unk_token: "[UNK]", continuing_subword_prefix: "##", max_input_chars_per_word: 100, vocab },
  };
}

export function tinyConfigJson() {
  return {
    _name_or_path: "phoenix/tiny-bert-384",
    architectures: ["BertModel"],
    model_type: "bert",
    hidden_size: TINY_DIM,
    max_position_embeddings: 512,
    vocab_size: Object.keys(tinyVocab()).length,
    type_vocab_size: 2,
  };
}

export function tinyTokenizerConfigJson() {
  return { do_lower_case: true, model_max_length: 128, cls_token: "[CLS]", sep_token: "[SEP]", pad_token: "[PAD]", unk_token: "[UNK]", mask_token: "[MASK]" };
}

/** The ONNX model bytes: Gather(word table, input_ids) + Gather(type table, token_type_ids). */
export function tinyOnnxModel() {
  const { onnx } = createRequire(import.meta.url)("onnx-proto");
  const table = tinyEmbeddingTable();
  const size = table.length / TINY_DIM;
  const INT64 = onnx.TensorProto.DataType.INT64;
  const FLOAT = onnx.TensorProto.DataType.FLOAT;
  const dims = (...names) => ({ dim: names.map((name) => (typeof name === "number" ? { dimValue: name } : { dimParam: name })) });
  const input = (name) => ({ name, type: { tensorType: { elemType: INT64, shape: dims("batch_size", "sequence_length") } } });
  const bytes = (array) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: "phoenix-memory make-tiny-model",
    opsetImport: [{ domain: "", version: 13 }],
    graph: {
      name: "tiny-bert",
      input: [input("input_ids"), input("attention_mask"), input("token_type_ids")],
      output: [{ name: "last_hidden_state", type: { tensorType: { elemType: FLOAT, shape: dims("batch_size", "sequence_length", TINY_DIM) } } }],
      initializer: [
        { name: "word_embeddings", dataType: FLOAT, dims: [size, TINY_DIM], rawData: bytes(table) },
        { name: "token_type_embeddings", dataType: FLOAT, dims: [2, TINY_DIM], rawData: bytes(new Float32Array(2 * TINY_DIM)) },
      ],
      node: [
        { opType: "Gather", input: ["word_embeddings", "input_ids"], output: ["words"], name: "gather_words" },
        { opType: "Gather", input: ["token_type_embeddings", "token_type_ids"], output: ["types"], name: "gather_types" },
        { opType: "Add", input: ["words", "types"], output: ["last_hidden_state"], name: "add" },
      ],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
