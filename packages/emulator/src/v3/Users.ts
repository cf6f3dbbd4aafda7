/**
 * `GET /v3/users/me`: the caller's account as v3 describes it — its plan, and its balance as
 * a credits wallet (the balance every charge comes out of, M6).
 */
import type * as Users from "@effect-heygen/api/Users"
import { accountIn, isFailure, view } from "../internal/env.ts"
import type { Handlers } from "./handler.ts"

const plans = { free: "free", trial: "starter", paid: "pro", enterprise: "enterprise" } as const

export const handlers: Handlers<typeof Users.operations> = {
  getMe: (_, ctx) =>
    view(ctx.env, (s) => {
      const account = accountIn(s, ctx)
      if (isFailure(account)) return account
      const username = account.id.replace(/^acct_/, "")
      return {
        data: {
          username,
          email: `${username}@example.com`,
          first_name: username.charAt(0).toUpperCase() + username.slice(1),
          last_name: "Emulated",
          billing_type: "subscription",
          subscription: {
            plan: plans[account.plan],
            credits: { premium_credits: { remaining: Math.floor(account.credits) } }
          },
          wallet: { currency: "credits", remaining_balance: account.credits }
        }
      }
    })
}
