/**
 * effect-heygen for Node.
 *
 * @since 0.1.0
 */
export * as NodeDownload from "./NodeDownload.ts"
export * as NodeHeyGen from "./NodeHeyGen.ts"
export * as NodeWebhook from "./NodeWebhook.ts"
