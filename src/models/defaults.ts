/** Where models come from unless Settings say otherwise; apart from known.ts so the app shell carries only these two strings. */
/** `{model}` is replaced by the model id. */
export const DEFAULT_BASE_URL = "https://huggingface.co/{model}/resolve/main/";
export const DEFAULT_MODEL_ID = "Xenova/all-MiniLM-L6-v2";
