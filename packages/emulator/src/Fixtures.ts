/**
 * The seeded, documented fixture data (rule M20): an account for each plan, an
 * organization with an admin and a member key, a second account for
 * access-denied cases, public, premium and training avatars, voices with a
 * processing clone, public and private templates, and assets in every state.
 *
 * @since 0.1.0
 */
import type { State } from "./EmulatorState.ts"

/** The fixture keys, by what they are for. @since 0.1.0 */
export const keys = {
  free: "hg_free_0001",
  trial: "hg_trial_0001",
  paid: "hg_paid_0001",
  enterprise: "hg_enterprise_0001",
  admin: "hg_org_admin_0001",
  member: "hg_org_member_0001",
  other: "hg_other_0001",
  broke: "hg_broke_0001",
  expired: "hg_expired_0001",
  revoked: "hg_revoked_0001"
} as const

/** Fixture ids worth knowing. @since 0.1.0 */
export const ids = {
  publicAvatar: "Daisy-inskirt-20220818",
  secondAvatar: "Tyler-incasualsuit-20220721",
  premiumAvatar: "Premium-Ava-2024",
  trainingAvatar: "Instant-Me-training",
  otherAccountAvatar: "Other-Private-Avatar",
  /** A public avatar whose every render fails (M29). */
  failingAvatar: "Failing-Fred-2024",
  publicGroup: "group_daisy",
  trainingGroup: "group_paid_instant",
  otherGroup: "group_other",
  publicVoice: "2d5b0e6cf36f460aa7fc47e3eee4ba54",
  processingVoice: "clone-processing-0001",
  publicTemplate: "tpl_public_promo",
  privateTemplate: "tpl_paid_private",
  otherPrivateTemplate: "tpl_other_private",
  readyAsset: "asset_paid_image",
  uploadingAsset: "asset_paid_uploading",
  deletedAsset: "asset_paid_deleted",
  otherAsset: "asset_other_image",
  otherVideo: "vid_other_0001",
  brandKit: "kit_paid_main",
  brandGlossary: "glossary_paid_main"
} as const

const account = (
  id: string,
  plan: State["accounts"][string]["plan"],
  credits: number,
  organization: string | null = null
) => ({
  id,
  plan,
  credits,
  videosGenerated: 0,
  agentRequests: 0,
  agentPeriodStart: 0,
  organization
})

const group = (id: string, owner: string | null, name: string, gender: string, now: number) =>
  ({
    id,
    owner,
    name,
    gender,
    createdAt: now,
    default_voice_id: null,
    consent: "not_required",
    deleted: false
  }) as const satisfies State["avatarGroups"][string]

/** A fresh copy of the fixture state, dated `now`. @since 0.1.0 */
export const seed = (now: number): State => ({
  accounts: {
    acct_free: account("acct_free", "free", 10),
    acct_trial: account("acct_trial", "trial", 100),
    acct_paid: account("acct_paid", "paid", 1000),
    acct_enterprise: account("acct_enterprise", "enterprise", 100_000),
    acct_org: account("acct_org", "enterprise", 5000, "org_acme"),
    acct_other: account("acct_other", "paid", 1000),
    acct_broke: account("acct_broke", "paid", 2)
  },
  keys: {
    [keys.free]: { key: keys.free, account: "acct_free", role: "admin", status: "active" },
    [keys.trial]: { key: keys.trial, account: "acct_trial", role: "admin", status: "active" },
    [keys.paid]: { key: keys.paid, account: "acct_paid", role: "admin", status: "active" },
    [keys.enterprise]: { key: keys.enterprise, account: "acct_enterprise", role: "admin", status: "active" },
    [keys.admin]: { key: keys.admin, account: "acct_org", role: "admin", status: "active" },
    [keys.member]: { key: keys.member, account: "acct_org", role: "member", status: "active" },
    [keys.other]: { key: keys.other, account: "acct_other", role: "admin", status: "active" },
    [keys.broke]: { key: keys.broke, account: "acct_broke", role: "admin", status: "active" },
    [keys.expired]: { key: keys.expired, account: "acct_paid", role: "admin", status: "expired" },
    [keys.revoked]: { key: keys.revoked, account: "acct_paid", role: "admin", status: "revoked" }
  },
  avatars: {
    [ids.publicAvatar]: {
      avatar_id: ids.publicAvatar,
      avatar_name: "Daisy",
      gender: "female",
      owner: null,
      premium: false,
      status: "ready",
      group_id: ids.publicGroup,
      avatar_type: "studio_avatar"
    },
    [ids.secondAvatar]: {
      avatar_id: ids.secondAvatar,
      avatar_name: "Tyler",
      gender: "male",
      owner: null,
      premium: false,
      status: "ready",
      group_id: "group_tyler",
      avatar_type: "studio_avatar"
    },
    [ids.premiumAvatar]: {
      avatar_id: ids.premiumAvatar,
      avatar_name: "Ava (premium)",
      gender: "female",
      owner: null,
      premium: true,
      status: "ready",
      group_id: "group_ava",
      avatar_type: "studio_avatar"
    },
    [ids.trainingAvatar]: {
      avatar_id: ids.trainingAvatar,
      avatar_name: "My instant avatar",
      gender: "female",
      owner: "acct_paid",
      premium: false,
      status: "training",
      group_id: ids.trainingGroup,
      avatar_type: "digital_twin"
    },
    [ids.otherAccountAvatar]: {
      avatar_id: ids.otherAccountAvatar,
      avatar_name: "Other's avatar",
      gender: "male",
      owner: "acct_other",
      premium: false,
      status: "ready",
      group_id: ids.otherGroup,
      avatar_type: "studio_avatar"
    },
    [ids.failingAvatar]: {
      avatar_id: ids.failingAvatar,
      avatar_name: "Fred (always fails)",
      gender: "male",
      owner: null,
      premium: false,
      status: "ready",
      group_id: "group_fred",
      avatar_type: "studio_avatar",
      failsRenders: true
    }
  },
  avatarGroups: {
    [ids.publicGroup]: group(ids.publicGroup, null, "Daisy", "female", now),
    group_tyler: group("group_tyler", null, "Tyler", "male", now),
    group_ava: group("group_ava", null, "Ava (premium)", "female", now),
    group_fred: group("group_fred", null, "Fred (always fails)", "male", now),
    [ids.trainingGroup]: {
      ...group(ids.trainingGroup, "acct_paid", "My instant avatar", "female", now),
      consent: "approved"
    },
    [ids.otherGroup]: group(ids.otherGroup, "acct_other", "Other's avatar", "male", now)
  },
  voices: {
    [ids.publicVoice]: {
      voice_id: ids.publicVoice,
      name: "Jenny",
      language: "English",
      owner: null,
      status: "ready",
      gender: "female"
    },
    voice_fr_001: {
      voice_id: "voice_fr_001",
      name: "Amélie",
      language: "French",
      owner: null,
      status: "ready",
      gender: "female"
    },
    [ids.processingVoice]: {
      voice_id: ids.processingVoice,
      name: "My clone",
      language: "English",
      owner: "acct_paid",
      status: "processing"
    }
  },
  templates: {
    [ids.publicTemplate]: {
      template_id: ids.publicTemplate,
      name: "Product promo",
      owner: null,
      visibility: "public",
      variables: { product: { type: "text" } }
    },
    [ids.privateTemplate]: {
      template_id: ids.privateTemplate,
      name: "Paid's onboarding",
      owner: "acct_paid",
      visibility: "private",
      variables: { name: { type: "text" } }
    },
    [ids.otherPrivateTemplate]: {
      template_id: ids.otherPrivateTemplate,
      name: "Other's private",
      owner: "acct_other",
      visibility: "private",
      variables: {}
    }
  },
  assets: {
    [ids.readyAsset]: { id: ids.readyAsset, owner: "acct_paid", file_type: "image", status: "ready" },
    [ids.uploadingAsset]: {
      id: ids.uploadingAsset,
      owner: "acct_paid",
      file_type: "image",
      status: "uploading"
    },
    [ids.deletedAsset]: { id: ids.deletedAsset, owner: "acct_paid", file_type: "image", status: "deleted" },
    [ids.otherAsset]: { id: ids.otherAsset, owner: "acct_other", file_type: "image", status: "ready" }
  },
  videos: {
    [ids.otherVideo]: {
      id: ids.otherVideo,
      owner: "acct_other",
      createdAt: now,
      readyAt: now,
      test: false,
      deleted: false
    }
  },
  translations: {},
  proofreads: {},
  batches: {},
  lipsyncs: {},
  backgroundRemovals: {},
  clipJobs: {},
  agentSessions: {},
  webhookEndpoints: {},
  brandKits: {
    [ids.brandKit]: { id: ids.brandKit, owner: "acct_paid", name: "Acme", colors: ["#0f172a", "#f97316"] }
  },
  brandGlossaries: {
    [ids.brandGlossary]: { id: ids.brandGlossary, owner: "acct_paid", name: "Acme terms", createdAt: now }
  },
  buckets: {},
  forced: [],
  idempotency: {},
  clockOffset: 0,
  counters: { requests: 0, byStatus: {}, byCode: {} },
  sequence: 0
})
