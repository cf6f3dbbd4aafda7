/**
 * effect-heygen for Deno.
 *
 * @since 0.1.0
 */
export * as DenoHeyGen from "./DenoHeyGen.ts"
export * as DenoWebhook from "./DenoWebhook.ts"
