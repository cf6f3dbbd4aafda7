/**
 * effect-heygen for edge workers.
 *
 * @since 0.1.0
 */
export * as EdgeDownload from "./EdgeDownload.ts"
export * as EdgeHeyGen from "./EdgeHeyGen.ts"
export * as EdgeWebhook from "./EdgeWebhook.ts"
