/**
 * A stateful local HeyGen for testing error handling offline.
 *
 * @since 0.1.0
 */
export * as Emulator from "./Emulator.ts"
export * as EmulatorState from "./EmulatorState.ts"
export * as EmulatorStore from "./EmulatorStore.ts"
export * as Fixtures from "./Fixtures.ts"
export * as Idempotency from "./Idempotency.ts"
export * as Jobs from "./Jobs.ts"
export * as Resources from "./Resources.ts"
