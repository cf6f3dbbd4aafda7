/**
 * What v3 bodies point at — a file by URL, by asset id or inline as base64; an avatar look and
 * a voice with a script, or audio — checked the same way on every route (rules M10, M11, M13,
 * M14), each failure naming its field.
 */
import * as HeyGenError from "@effect-heygen/core/HeyGenError"
import type * as EmulatorState from "../EmulatorState.ts"
import { usableAsset, usableVoice } from "../internal/access.ts"
import { audioCost, scriptCost } from "../internal/billing.ts"
import { type Failure, isFailure } from "../internal/env.ts"
import type * as Resources from "../Resources.ts"

export type Ref =
  | { readonly type: "url"; readonly url: string }
  | { readonly type: "asset_id"; readonly asset_id: string }
  | { readonly type: "base64"; readonly data: string; readonly media_type: string }

const httpUrl = /^https?:\/\/[^\s/$.?#][^\s]*$/i
const base64 = /^[A-Za-z0-9+/]*={0,2}$/

export const badUrl = (param: string) =>
  new HeyGenError.InvalidParameter({ message: `Invalid parameter ${param}: must be an http(s) URL.`, param })

/** Whether a URL a body names can be fetched: http(s) only. */
export const checkUrl = (url: string, param: string): Failure | undefined =>
  httpUrl.test(url) ? undefined : badUrl(param)

/** A file reference at `param`: a fetchable URL, the caller's ready asset, or valid base64. */
export const checkRef = (
  state: EmulatorState.State,
  account: EmulatorState.Account,
  ref: Ref,
  param: string
): Failure | undefined => {
  switch (ref.type) {
    case "url":
      return checkUrl(ref.url, `${param}.url`)
    case "asset_id": {
      const asset = usableAsset(state, account, ref.asset_id, `${param}.asset_id`)
      return isFailure(asset) ? asset : undefined
    }
    case "base64":
      return ref.data.length % 4 === 0 && base64.test(ref.data)
        ? undefined
        : new HeyGenError.InvalidParameter({
            message: `Invalid parameter ${param}.data: not base64.`,
            param: `${param}.data`
          })
  }
}

/** Every reference of a list, the first failure found. */
export const checkRefs = (
  state: EmulatorState.State,
  account: EmulatorState.Account,
  refs: ReadonlyArray<Ref> | null | undefined,
  param: string
): Failure | undefined => {
  for (const [i, ref] of (refs ?? []).entries()) {
    const failed = checkRef(state, account, ref, `${param}[${i}]`)
    if (failed !== undefined) return failed
  }
  return undefined
}

/** What makes an input speak: a script and a voice, or audio. */
export interface Speech {
  readonly script?: string | null
  readonly voice_id?: string | null
  readonly audio_url?: string | null
  readonly audio_asset_id?: string | null
}

/**
 * The credits an input's speech costs (a script by its length, audio flat), or why it cannot
 * be spoken: no script and no audio, a script without a voice, an unusable voice or asset.
 * `at` prefixes each field's path (`scenes[0].input.`).
 */
export const speechCost = (
  state: EmulatorState.State,
  account: EmulatorState.Account,
  speech: Speech,
  now: number,
  at: string,
  required = true
): number | Failure => {
  if (speech.audio_asset_id != null) {
    const asset = usableAsset(state, account, speech.audio_asset_id, `${at}audio_asset_id`)
    return isFailure(asset) ? asset : audioCost
  }
  if (speech.audio_url != null) return checkUrl(speech.audio_url, `${at}audio_url`) ?? audioCost
  if (speech.script != null) {
    if (speech.voice_id == null)
      return new HeyGenError.InvalidParameter({
        message: `Invalid parameter ${at}voice_id: a script needs a voice.`,
        param: `${at}voice_id`
      })
    const voice = usableVoice(state, account, speech.voice_id, now, `${at}voice_id`)
    return isFailure(voice) ? voice : scriptCost(speech.script)
  }
  if (!required) return 0
  return new HeyGenError.InvalidParameter({
    message: `Invalid parameter ${at}script: give a script and voice_id, or audio_url or audio_asset_id.`,
    param: `${at}script`
  })
}

/** The failure of a render with this look, when the look is a fixture that always fails (M29). */
export const lookFailure = (look: Resources.Avatar): Resources.Failure | null =>
  look.failsRenders === true
    ? { code: "avatar_render_failed", message: `Avatar ${look.avatar_id} could not be rendered.` }
    : null
