/**
 * @since 0.1.0
 */
export * as Catalog from "./Catalog.ts"
export * as HeyGenError from "./HeyGenError.ts"
