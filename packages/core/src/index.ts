/**
 * HeyGen's API error contract for Effect.
 *
 * @since 0.1.0
 */
export * as Catalog from "./Catalog.ts"
export * as ErrorDecoder from "./ErrorDecoder.ts"
export * as ErrorEncoder from "./ErrorEncoder.ts"
export * as HeyGenApi from "./HeyGenApi.ts"
export * as HeyGenApp from "./HeyGenApp.ts"
export * as HeyGenClient from "./HeyGenClient.ts"
export * as HeyGenError from "./HeyGenError.ts"
export * as HeyGenServer from "./HeyGenServer.ts"
export * as Idempotency from "./Idempotency.ts"
export * as RetryAfter from "./RetryAfter.ts"
export * as RetryPolicy from "./RetryPolicy.ts"
