/**
 * What a money-spending request must pass and what it costs (rules M4–M7): the trial's video
 * count, the plan's concurrent renders, the balance; and the render it then starts. v1/v2 and
 * v3 creates share them, so a limit reached on one API holds on the other.
 */
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import * as Duration from "effect/Duration"
import * as EmulatorState from "../EmulatorState.ts"
import type * as Jobs from "../Jobs.ts"
import { type Env, type Failure, nextId } from "./env.ts"
import { admit } from "./lookup.ts"

/** Credits a script costs: 1 per started 100 characters, at least 1. */
export const scriptCost = (script: string): number => Math.max(1, Math.ceil(script.length / 100))
/** Credits an input driven by audio costs. */
export const audioCost = 2
/** Credits a template video costs. */
export const templateCost = 5
/** Credits a video-agent request costs on plans without a quota. */
export const agentCost = 5

/**
 * Why `account` may not spend `cost` now, if it may not: the trial's limit (M7), the plan's
 * concurrent renders (M4, unless the caller queues its own renders), the balance (M6).
 */
export const refuse = (
  state: EmulatorState.State,
  account: EmulatorState.Account,
  cost: number,
  test: boolean,
  at: number,
  limitRenders = true
): Failure | undefined => {
  if (test) return undefined
  const plan = EmulatorState.plans[account.plan]
  if (plan.trialVideos !== null && account.videosGenerated >= plan.trialVideos) {
    return new HeyGenError.TrialLimitExceeded({
      message: `Trial accounts may generate ${plan.trialVideos} videos; upgrade to continue.`
    })
  }
  if (limitRenders) {
    let rendering = 0
    let freesAt = Number.POSITIVE_INFINITY
    for (const id in state.videos) {
      const v = state.videos[id]!
      if (v.owner !== account.id || v.test || v.deleted || v.readyAt <= at) continue
      rendering++
      freesAt = Math.min(freesAt, v.readyAt)
    }
    if (rendering >= plan.concurrentJobs) {
      return new HeyGenError.RateLimitExceeded({
        message: `${plan.concurrentJobs} video(s) already rendering; retry when one finishes.`,
        retryAfter: Duration.millis(freesAt - at)
      })
    }
  }
  if (cost > account.credits)
    return new HeyGenError.InsufficientCredit({ available: account.credits, required: cost })
  return undefined
}

/** What a new video records besides its owner and times. */
export type VideoDetails = Omit<Jobs.Video, "id" | "owner" | "createdAt" | "readyAt" | "test" | "deleted">

/** Charges `cost` (unless a test) and starts a render that ends `renderMillis` from `at`; its id. */
export const startVideo = (
  env: Env,
  state: EmulatorState.State,
  account: EmulatorState.Account,
  cost: number,
  test: boolean,
  at: number,
  details: VideoDetails = {}
): string => {
  if (!test) {
    account.credits -= cost
    account.videosGenerated += 1
  }
  const id = nextId(state, "vid")
  admit(
    state.videos,
    id,
    {
      id,
      owner: account.id,
      createdAt: at,
      readyAt: at + env.renderMillis,
      test,
      deleted: false,
      ...details
    },
    env.limits.videos
  )
  return id
}

/**
 * A video-agent request (M5): free plans spend one of their period's quota, the others pay
 * `agentCost`; the agent queues its own renders, so no concurrent-render limit. Answers the
 * credits to charge, or why it is refused; counts the request when it is not.
 */
export const agentRequest = (
  env: Env,
  state: EmulatorState.State,
  account: EmulatorState.Account,
  at: number
): number | Failure => {
  const quota = EmulatorState.plans[account.plan].agentQuota
  if (quota !== null) {
    if (at - account.agentPeriodStart >= env.quotaPeriod) {
      account.agentPeriodStart = at
      account.agentRequests = 0
    }
    if (account.agentRequests >= quota) {
      return new HeyGenError.QuotaExceeded({
        message: `The ${account.plan} plan allows ${quota} video agent requests per period; upgrade or wait for the reset.`
      })
    }
  }
  const cost = quota === null ? agentCost : 0
  const refused = refuse(state, account, cost, false, at, false)
  if (refused !== undefined) return refused
  account.agentRequests += 1
  return cost
}
