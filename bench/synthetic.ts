import type { BenchDoc } from "./corpus.js";

/** A seeded 32-bit PRNG (mulberry32): the same seed always yields the same sequence. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;

interface Domain {
  category: string;
  label: string;
  verbs: readonly string[];
  objects: readonly string[];
}

const DOMAINS: readonly Domain[] = [
  {
    category: "llm",
    label: "Language models",
    verbs: ["serve", "chat with", "run", "benchmark", "host", "route"],
    objects: [
      "open-weight LLMs",
      "quantized LLMs",
      "instruction-tuned models",
      "long-context models",
      "mixture-of-experts models",
      "small language models",
      "chat completions",
      "function calling",
      "structured JSON output",
      "multilingual models",
    ],
  },
  {
    category: "image-generation",
    label: "Image generation",
    verbs: ["generate", "edit", "upscale", "inpaint", "stylize", "render"],
    objects: [
      "images from text prompts",
      "diffusion models",
      "product photos",
      "concept art",
      "image variations",
      "background removal",
      "ControlNet poses",
      "SDXL checkpoints",
      "logos and icons",
      "photorealistic portraits",
    ],
  },
  {
    category: "rag",
    label: "Retrieval-augmented generation",
    verbs: ["build", "ground", "index", "query", "chunk", "rerank"],
    objects: [
      "RAG pipelines",
      "document question answering",
      "knowledge bases",
      "hybrid search",
      "retrieved passages",
      "citations in answers",
      "PDF collections",
      "enterprise wikis",
      "semantic chunks",
      "context windows",
    ],
  },
  {
    category: "vector-database",
    label: "Vector databases",
    verbs: ["store", "search", "filter", "shard", "replicate", "query"],
    objects: [
      "vector embeddings",
      "nearest-neighbor indexes",
      "HNSW graphs",
      "metadata filters",
      "billion-scale vectors",
      "multi-tenant collections",
      "sparse vectors",
      "hybrid BM25 and vector search",
      "product quantization",
      "vector snapshots",
    ],
  },
  {
    category: "mcp",
    label: "Model Context Protocol",
    verbs: ["expose", "connect", "proxy", "register", "secure", "inspect"],
    objects: [
      "MCP tools",
      "MCP servers",
      "database access for agents",
      "file system resources",
      "GitHub issues",
      "browser automation",
      "Slack messages",
      "prompt templates",
      "tool schemas",
      "OAuth credentials",
    ],
  },
  {
    category: "coding-agent",
    label: "Coding agents",
    verbs: ["write", "refactor", "review", "debug", "test", "migrate"],
    objects: [
      "pull requests",
      "unit tests",
      "legacy codebases",
      "TypeScript projects",
      "Python scripts",
      "terminal commands",
      "code completions",
      "multi-file edits",
      "build failures",
      "SQL queries",
    ],
  },
  {
    category: "speech",
    label: "Speech",
    verbs: ["transcribe", "synthesize", "translate", "diarize", "clone", "stream"],
    objects: [
      "audio recordings",
      "podcast episodes",
      "natural-sounding voices",
      "meeting transcripts",
      "phone calls",
      "speech to text",
      "text to speech",
      "subtitles",
      "voice commands",
      "multilingual audio",
    ],
  },
  {
    category: "model-training",
    label: "Model training",
    verbs: ["fine-tune", "pretrain", "distill", "align", "checkpoint", "train"],
    objects: [
      "diffusion models",
      "LLMs with LoRA",
      "reward models",
      "adapters",
      "preference data",
      "vision transformers",
      "tokenizers",
      "distributed training jobs",
      "mixed-precision training",
      "domain-specific models",
    ],
  },
  {
    category: "inference-runtime",
    label: "Inference runtimes",
    verbs: ["serve", "quantize", "accelerate", "batch", "compile", "deploy"],
    objects: [
      "GGUF models",
      "models on CPU",
      "models on Apple silicon",
      "ONNX graphs",
      "tensor-parallel inference",
      "KV caches",
      "speculative decoding",
      "GPU kernels",
      "edge devices",
      "serverless endpoints",
    ],
  },
  {
    category: "embeddings",
    label: "Embeddings",
    verbs: ["embed", "compare", "cluster", "encode", "normalize", "evaluate"],
    objects: [
      "sentences",
      "code snippets",
      "multimodal inputs",
      "long documents",
      "search queries",
      "product catalogs",
      "semantic similarity",
      "cross-lingual text",
      "image embeddings",
      "matryoshka embeddings",
    ],
  },
  {
    category: "evaluation",
    label: "Evaluation",
    verbs: ["evaluate", "score", "compare", "red-team", "regress", "grade"],
    objects: [
      "LLM outputs",
      "RAG answers",
      "hallucination rates",
      "prompt variants",
      "benchmark suites",
      "agent trajectories",
      "toxicity",
      "faithfulness",
      "latency and cost",
      "human preference",
    ],
  },
  {
    category: "observability",
    label: "Observability",
    verbs: ["trace", "monitor", "log", "alert on", "debug", "visualize"],
    objects: [
      "LLM calls",
      "token usage",
      "prompt versions",
      "agent runs",
      "latency percentiles",
      "production errors",
      "user feedback",
      "cost dashboards",
      "retrieval quality",
      "model drift",
    ],
  },
  {
    category: "agents",
    label: "Agent frameworks",
    verbs: ["orchestrate", "plan", "automate", "coordinate", "schedule", "supervise"],
    objects: [
      "multi-agent workflows",
      "tool-using agents",
      "browser tasks",
      "long-running tasks",
      "memory and state",
      "human-in-the-loop approvals",
      "research reports",
      "customer support tickets",
      "data pipelines",
      "spreadsheet work",
    ],
  },
  {
    category: "data-labeling",
    label: "Data labeling",
    verbs: ["label", "annotate", "curate", "deduplicate", "synthesize", "validate"],
    objects: [
      "training datasets",
      "bounding boxes",
      "instruction data",
      "synthetic conversations",
      "text classification data",
      "preference pairs",
      "audio segments",
      "image masks",
      "weak supervision rules",
      "data quality issues",
    ],
  },
  {
    category: "document-parsing",
    label: "Document parsing",
    verbs: ["parse", "extract", "convert", "OCR", "split", "clean"],
    objects: [
      "PDFs",
      "scanned invoices",
      "tables",
      "HTML pages",
      "slide decks",
      "forms",
      "markdown",
      "handwritten notes",
      "contracts",
      "spreadsheets",
    ],
  },
];

const QUALIFIERS: readonly string[] = [
  "",
  "",
  "",
  "with LoRA",
  "over an OpenAI-compatible API",
  "on a single GPU",
  "in the browser",
  "with low latency",
  "at scale",
  "with streaming output",
  "using 4-bit quantization",
  "via MCP",
  "for RAG pipelines",
  "on Kubernetes",
  "with JSON schema validation",
  "locally",
  "offline",
  "in Python",
  "from the command line",
  "with a REST API",
  "in real time",
  "with role-based access",
  "on consumer hardware",
  "across many languages",
];

const KINDS = ["model", "repository", "library", "framework", "api", "mcp-server", "agent", "product", "cli"] as const;

const BEST_FOR: readonly string[] = [
  "Teams running local LLMs",
  "Prototyping RAG apps",
  "Low-latency production inference",
  "Solo developers",
  "Enterprise deployments",
  "Research experiments",
  "Privacy-sensitive data",
  "Startups on a budget",
  "High-throughput batch jobs",
  "Mobile and edge apps",
  "Data science notebooks",
  "Regulated industries",
  "Multilingual products",
  "Creative professionals",
  "Customer support teams",
  "Platform engineers",
  "Students learning ML",
  "Open-source maintainers",
  "Agent builders",
  "Search teams",
];

const INTENT_TEMPLATES: readonly ((v: string, o: string, q: string) => string)[] = [
  (v, o) => `how do I ${v} ${o}`,
  (v, o, q) => `I want to ${v} ${o} ${q}`.trimEnd(),
  (v, o) => `need a tool to ${v} ${o}`,
  (v, o, q) => `best way to ${v} ${o} ${q}`.trimEnd(),
  (v, o) => `${v} ${o}`,
  (v, o) => `open source tool that can ${v} ${o}`,
];

const NAME_HEADS = [
  "Vector",
  "Llama",
  "Prompt",
  "Neural",
  "Deep",
  "Tensor",
  "Flow",
  "Graph",
  "Open",
  "Fast",
  "Tiny",
  "Auto",
  "Code",
  "Embed",
  "Chat",
  "Rag",
  "Stable",
  "Diffuse",
  "Whisper",
  "Quant",
  "Lang",
  "Agent",
  "Cortex",
  "Mind",
  "Spark",
  "Torch",
  "Lumen",
  "Nova",
  "Astra",
  "Echo",
  "Pixel",
  "Token",
  "Vox",
  "Sage",
  "Atlas",
  "Kite",
  "Orbit",
  "Ember",
];
const NAME_TAILS = [
  "Forge",
  "Hub",
  "Kit",
  "Serve",
  "DB",
  "Flow",
  "Lab",
  "Stack",
  "Pilot",
  "Bench",
  "Engine",
  "Base",
  "Craft",
  "Scope",
  "Loop",
  "Bridge",
  "Core",
  "Works",
  "Studio",
  "Chain",
  "Store",
  "Gate",
  "Smith",
  "Mesh",
  "Runner",
  "Vision",
  "Speak",
];

const SYLLABLES = [
  "ka",
  "lo",
  "mi",
  "ra",
  "ve",
  "zo",
  "tin",
  "dar",
  "qu",
  "el",
  "on",
  "ix",
  "ar",
  "bel",
  "cor",
  "dex",
  "fen",
  "gal",
  "hel",
  "ion",
  "jor",
  "kel",
  "lum",
  "mor",
  "nex",
  "oph",
  "pra",
  "rix",
  "sol",
  "tor",
  "ul",
  "vin",
  "wex",
  "yar",
  "zen",
];

const COMMON_WORDS = (
  "the a and for with to of in on that this is it can your you by from as or at be are an use using uses used run " +
  "runs fast simple easy open source local cloud support supports built based across into more than also any all " +
  "new high low large small best without other each which when while most many quickly directly fully well just " +
  "data model models tool tools api apps app user users team teams workflow workflows project projects code text " +
  "file files output input results result performance quality production developer developers library framework"
).split(" ");

const DOMAIN_WORDS = (
  "transformer embedding retrieval quantization checkpoint tokenizer diffusion inference latency GPU adapter prompt " +
  "schema vector index LLM RAG agent agents embeddings vectors tokens token context window attention fine-tuning LoRA " +
  "QLoRA GGUF ONNX CUDA ROCm Metal TensorRT throughput batching streaming decoding sampling temperature logits " +
  "weights parameters pretrained dataset datasets benchmark evaluation metrics accuracy recall precision reranker " +
  "chunking chunks HNSW ANN cosine similarity semantic search hybrid BM25 keyword multimodal vision audio speech " +
  "transcription synthesis voice OCR PDF parsing extraction pipeline orchestration memory tools plugins MCP server " +
  "client protocol OpenAI-compatible endpoint REST gRPC SDK Python TypeScript Rust CLI Docker Kubernetes serverless " +
  "deployment scaling autoscaling cache caching KV speculative distillation alignment RLHF DPO reward preference " +
  "safety guardrails moderation hallucination grounding citations observability tracing monitoring logging cost " +
  "pricing license Apache MIT self-hosted on-prem privacy encryption compliance SOC2 GDPR multilingual translation " +
  "summarization classification clustering labeling annotation synthetic augmentation curation deduplication " +
  "upscaling inpainting ControlNet SDXL diffusers UNet VAE sampler scheduler seed resolution latent img2img txt2img " +
  "notebook Jupyter dashboard playground sandbox workspace integration connector webhook queue scheduler cron " +
  "FP16 BF16 INT8 INT4 AWQ GPTQ sharding tensor-parallel pipeline-parallel FSDP DeepSpeed checkpointing mixed-precision"
).split(" ");

const VOCAB_SIZE = 3000;
const RARE_RATE = 0.03;
const ZIPF_EXPONENT = 1.05;

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

function intBetween(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

/** A pronounceable pseudo-word for id `n`: distinct ids give distinct words. */
function pseudoWord(n: number): string {
  let s = "";
  let x = n;
  do {
    s += SYLLABLES[x % SYLLABLES.length];
    x = Math.floor(x / SYLLABLES.length);
  } while (x > 0);
  return s.length < 4 ? `${s}${SYLLABLES[n % 7]}` : s;
}

function buildVocabulary(): string[] {
  const seen = new Set<string>();
  const vocab: string[] = [];
  const add = (w: string) => {
    if (!seen.has(w)) {
      seen.add(w);
      vocab.push(w);
    }
  };
  const lead = Math.max(COMMON_WORDS.length, DOMAIN_WORDS.length);
  for (let i = 0; i < lead; i++) {
    if (i < COMMON_WORDS.length) add(COMMON_WORDS[i] as string);
    if (i < DOMAIN_WORDS.length) add(DOMAIN_WORDS[i] as string);
  }
  for (let n = 1000; vocab.length < VOCAB_SIZE; n++) add(pseudoWord(n));
  return vocab;
}

function zipfCdf(size: number): Float64Array {
  const cdf = new Float64Array(size);
  let total = 0;
  for (let r = 0; r < size; r++) cdf[r] = total += 1 / Math.pow(r + 1, ZIPF_EXPONENT);
  for (let r = 0; r < size; r++) cdf[r] = (cdf[r] as number) / total;
  return cdf;
}

function sampleRank(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cdf[mid] as number) < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Generator {
  rng: Rng;
  vocab: readonly string[];
  cdf: Float64Array;
  /** Size of the long tail of rare tokens; grows sublinearly with n, like real text (Heaps' law). */
  tail: number;
  interned: Map<string, string>;
  slugCounts: Map<string, number>;
}

function intern(g: Generator, s: string): string {
  const hit = g.interned.get(s);
  if (hit !== undefined) return hit;
  g.interned.set(s, s);
  return s;
}

function word(g: Generator): string {
  if (g.rng() < RARE_RATE) return pseudoWord(VOCAB_SIZE * 10 + Math.floor(g.rng() ** 2 * g.tail));
  return g.vocab[sampleRank(g.cdf, g.rng())] as string;
}

/** Exact-capacity arrays: growing small arrays by push over-allocates, which dominates memory at 1M docs. */
function sized<T>(n: number, at: (i: number) => T): T[] {
  return Array.from({ length: n }, (_, i) => at(i));
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function artifactName(g: Generator): string {
  const head = g.rng() < 0.15 ? capitalize(pseudoWord(intBetween(g.rng, 40, 5000))) : pick(g.rng, NAME_HEADS);
  const tail = pick(g.rng, NAME_TAILS);
  const style = g.rng();
  if (style < 0.5) return head + tail;
  if (style < 0.8) return `${head.toLowerCase()}-${tail.toLowerCase()}`;
  return `${head} ${tail}`;
}

function uniqueSlug(g: Generator, name: string): string {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const seen = g.slugCounts.get(base) ?? 0;
  g.slugCounts.set(base, seen + 1);
  return seen === 0 ? base : `${base}-${seen + 1}`;
}

function pickDomains(g: Generator): Domain[] {
  const first = pick(g.rng, DOMAINS);
  const extra = intBetween(g.rng, 0, 2);
  const out = [first];
  for (let i = 0; i < extra; i++) {
    const d = pick(g.rng, DOMAINS);
    if (!out.includes(d)) out.push(d);
  }
  return out;
}

function description(g: Generator, lead: string): string {
  const words = [lead];
  const count = intBetween(g.rng, 20, 60) - lead.split(" ").length;
  for (let i = 1; i <= count; i++) words.push(i % 12 === 0 && i < count ? `${word(g)}.` : word(g));
  // The same text as `${words.join(" ")}.`, but flat: that template makes a rope, which every
  // system's build then flattened (a copy and a garbage string per document, ~1/3 of the
  // major GCs at 1M); text read from a store or a parser is flat.
  words[words.length - 1] = `${words[words.length - 1] ?? ""}.`;
  return words.join(" ");
}

function intents(g: Generator, verb: string, object: string, qualifier: string): string[] {
  const n = intBetween(g.rng, 1, 4);
  const start = Math.floor(g.rng() * INTENT_TEMPLATES.length);
  return sized(n, (i) => {
    const template = INTENT_TEMPLATES[(start + i) % INTENT_TEMPLATES.length] as (typeof INTENT_TEMPLATES)[number];
    return intern(g, template(verb, object, qualifier));
  });
}

function bestFor(g: Generator): string[] {
  const n = intBetween(g.rng, 0, 3);
  const start = Math.floor(g.rng() * BEST_FOR.length);
  return sized(n, (i) => BEST_FOR[(start + i * 7) % BEST_FOR.length] as string);
}

const TAXONOMY: ReadonlyMap<string, readonly string[]> = new Map(
  DOMAINS.flatMap((d) => d.objects.map((o) => [`${d.category}/${o}`, [`${d.label}: ${o}`, o]] as const)),
);

interface Artifact {
  slug: string;
  name: string;
  kind: string;
  categories: string[];
  domains: Domain[];
}

function capability(g: Generator, a: Artifact, index: number): BenchDoc {
  const domain = pick(g.rng, a.domains);
  const verb = pick(g.rng, domain.verbs);
  const object = pick(g.rng, domain.objects);
  const qualifier = pick(g.rng, QUALIFIERS);
  const name = intern(g, `${capitalize(verb)} ${object}${qualifier ? ` ${qualifier}` : ""}`);
  return {
    id: `${a.slug}#cap-${index + 1}`,
    slug: a.slug,
    artifactName: a.name,
    kind: a.kind,
    categories: a.categories,
    name,
    description: description(g, `${a.name} lets you ${verb} ${object}${qualifier ? ` ${qualifier}` : ""}`),
    intents: intents(g, verb, object, qualifier),
    bestFor: bestFor(g),
    taxonomy: TAXONOMY.get(`${domain.category}/${object}`) as string[],
  };
}

function artifact(g: Generator): Artifact {
  const name = artifactName(g);
  const domains = pickDomains(g);
  return {
    slug: uniqueSlug(g, name),
    name,
    kind: pick(g.rng, KINDS),
    categories: domains.map((d) => d.category),
    domains,
  };
}

/**
 * A deterministic synthetic corpus of `n` capability documents with AI-tooling vocabulary, for
 * measuring index build time, memory and query latency at sizes beyond the real catalog.
 * Descriptions follow a Zipf-like word distribution with a long tail that grows with `n`.
 */
export function syntheticCorpus(n: number, seed = 42): BenchDoc[] {
  const g: Generator = {
    rng: mulberry32(seed),
    vocab: buildVocabulary(),
    cdf: zipfCdf(VOCAB_SIZE),
    tail: Math.ceil(30 * Math.pow(Math.max(n, 1), 0.65)),
    interned: new Map(),
    slugCounts: new Map(),
  };
  const docs: BenchDoc[] = [];
  while (docs.length < n) {
    const a = artifact(g);
    const caps = Math.min(intBetween(g.rng, 3, 8), n - docs.length);
    for (let i = 0; i < caps; i++) docs.push(capability(g, a, i));
  }
  return docs;
}

const QUERY_FILLERS = [
  "best",
  "tool",
  "open source",
  "fast",
  "simple",
  "library",
  "for production",
  "free",
  "self-hosted",
  "alternative",
];
const QUERY_STOPWORDS = new Set([
  "how",
  "do",
  "i",
  "want",
  "to",
  "need",
  "a",
  "tool",
  "best",
  "way",
  "that",
  "can",
  "with",
  "the",
  "an",
  "on",
  "in",
  "for",
  "of",
  "over",
  "via",
  "and",
  "from",
]);

function queryWords(doc: BenchDoc): string[] {
  const text = `${doc.name} ${doc.intents.join(" ")}`.toLowerCase();
  const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((w) => w.length > 2 && !QUERY_STOPWORDS.has(w)))];
}

function sampleWords(rng: Rng, words: readonly string[], count: number): string[] {
  const pool = [...words];
  const out: string[] = [];
  while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(rng() * pool.length), 1)[0] as string);
  return out;
}

/**
 * Deterministic `{query, slug}` pairs for latency measurement: each query takes 2–4 words from a
 * random document's name and intents plus a filler word. Not meant for judging ranking quality.
 */
export function syntheticQueries(
  docs: readonly BenchDoc[],
  count: number,
  seed = 7,
): { query: string; slug: string }[] {
  const rng = mulberry32(seed);
  const out: { query: string; slug: string }[] = [];
  for (let i = 0; i < count && docs.length > 0; i++) {
    const doc = pick(rng, docs);
    const words = sampleWords(rng, queryWords(doc), intBetween(rng, 2, 4));
    words.splice(Math.floor(rng() * (words.length + 1)), 0, pick(rng, QUERY_FILLERS));
    out.push({ query: words.join(" "), slug: doc.slug });
  }
  return out;
}
