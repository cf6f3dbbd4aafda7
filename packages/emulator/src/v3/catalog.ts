/**
 * What the v3 API lists but no request changes: translation languages, stock images and
 * icons, sound effects and music, video-agent styles, webhook event types. Fixed data, paged
 * like any list.
 */
import { WebhookEventValues } from "@effect-heygen/api/Webhooks"

export const languages: ReadonlyArray<string> = [
  "English",
  "Spanish",
  "French",
  "German",
  "Italian",
  "Portuguese",
  "Japanese",
  "Korean",
  "Chinese",
  "Hindi",
  "Arabic",
  "Dutch",
  "Polish",
  "Turkish"
]

export interface Stock {
  readonly id: string
  readonly type: "image" | "icon"
  readonly tags: ReadonlyArray<string>
}

export const stock: ReadonlyArray<Stock> = [
  { id: "stock_img_office", type: "image", tags: ["office", "business", "desk"] },
  { id: "stock_img_city", type: "image", tags: ["city", "skyline", "night"] },
  { id: "stock_img_beach", type: "image", tags: ["beach", "sea", "summer"] },
  { id: "stock_img_forest", type: "image", tags: ["forest", "nature", "trees"] },
  { id: "stock_img_team", type: "image", tags: ["team", "business", "meeting"] },
  { id: "stock_icon_check", type: "icon", tags: ["check", "done", "ok"] },
  { id: "stock_icon_star", type: "icon", tags: ["star", "favorite"] },
  { id: "stock_icon_chart", type: "icon", tags: ["chart", "business", "growth"] }
]

export interface Sound {
  readonly id: string
  readonly name: string
  readonly type: "music" | "sound_effects"
  readonly description: string
  readonly duration: number
}

export const sounds: ReadonlyArray<Sound> = [
  {
    id: "sound_upbeat_corporate",
    name: "Upbeat corporate",
    type: "music",
    description: "bright business background music",
    duration: 120
  },
  {
    id: "sound_calm_piano",
    name: "Calm piano",
    type: "music",
    description: "soft piano for calm explainers",
    duration: 95
  },
  {
    id: "sound_epic_trailer",
    name: "Epic trailer",
    type: "music",
    description: "epic cinematic trailer build-up",
    duration: 60
  },
  {
    id: "sound_whoosh",
    name: "Whoosh",
    type: "sound_effects",
    description: "fast whoosh transition",
    duration: 1
  },
  { id: "sound_click", name: "Click", type: "sound_effects", description: "mouse click", duration: 0.2 },
  {
    id: "sound_applause",
    name: "Applause",
    type: "sound_effects",
    description: "crowd applause",
    duration: 5
  }
]

export interface Style {
  readonly style_id: string
  readonly name: string
  readonly tags: ReadonlyArray<string>
}

export const styles: ReadonlyArray<Style> = [
  { style_id: "style_explainer", name: "Explainer", tags: ["business", "education"] },
  { style_id: "style_ugc", name: "UGC ad", tags: ["marketing", "social"] },
  { style_id: "style_news", name: "News report", tags: ["news"] },
  { style_id: "style_tutorial", name: "Tutorial", tags: ["education"] }
]

/** The event types of `POST /v3/webhooks/endpoints`: the spec's enum of `events`, as the api package declares it. */
export const eventTypes: ReadonlyArray<string> = WebhookEventValues
