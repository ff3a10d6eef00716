import type { Role } from '../../db/schema'

// The one permission module. Every loader and action asks `can` (through `requirePermission` in
// guards.server.ts); nothing else decides who may do what. Predicates are pure so the matrix is
// unit-tested without a database.

export type Actor = { id: string; roles: readonly Role[] } | null

type Rule = (actor: Actor, resource?: unknown) => boolean

const anyone: Rule = () => true
const signedIn: Rule = (actor) => actor !== null
const hasRole =
  (...roles: Role[]): Rule =>
  (actor) =>
    actor !== null && actor.roles.some((r) => roles.includes(r))

/** A resource naming the poll workers of one election (issue #16.13). */
export type PollWorkersResource = { pollWorkerIds: readonly string[] }
const isPollWorkersResource = (r: unknown): r is PollWorkersResource =>
  typeof r === 'object' && r !== null && Array.isArray((r as PollWorkersResource).pollWorkerIds)

/** A resource naming the trustees (commission members in the key ceremony) of one election (#20). */
export type TrusteesResource = { trusteeUserIds: readonly string[] }
const isTrusteesResource = (r: unknown): r is TrusteesResource =>
  typeof r === 'object' && r !== null && Array.isArray((r as TrusteesResource).trusteeUserIds)

/**
 * A resource naming the serving members of one council body (issue #18): the accounts linked to a
 * full or alternate membership whose term has not ended. Built by app/council/workspace.server.ts.
 */
export type CouncilBodyResource = { servingMemberUserIds: readonly string[] }
const isCouncilBodyResource = (r: unknown): r is CouncilBodyResource =>
  typeof r === 'object' && r !== null && Array.isArray((r as CouncilBodyResource).servingMemberUserIds)

/**
 * A resource naming one language and the languages the actor translates into (issue #19): built by
 * app/translations/workflow.server.ts from translator_languages.
 */
export type TranslationLanguageResource = { language: string; languages: readonly string[] }
const isTranslationLanguageResource = (r: unknown): r is TranslationLanguageResource =>
  typeof r === 'object' &&
  r !== null &&
  typeof (r as TranslationLanguageResource).language === 'string' &&
  Array.isArray((r as TranslationLanguageResource).languages)

/** A translator working in the resource's language, or the secretariat (every language). */
const holdsLanguage = (actor: Actor, resource: unknown): boolean =>
  actor !== null &&
  isTranslationLanguageResource(resource) &&
  (actor.roles.includes('secretariat') ||
    (actor.roles.includes('translator') && resource.languages.includes(resource.language)))

/**
 * One easy-read guide in one language and who recorded its latest review (issue #19, ADR 026
 * "Review"): built by app/easyread/reviews.server.ts.
 */
export type EasyReadReviewResource = TranslationLanguageResource & { lastReviewerId: string | null }
const isEasyReadReviewResource = (r: unknown): r is EasyReadReviewResource =>
  isTranslationLanguageResource(r) &&
  ((r as EasyReadReviewResource).lastReviewerId === null ||
    typeof (r as EasyReadReviewResource).lastReviewerId === 'string')

const rules = {
  // Public pages
  'home.view': anyone,
  // Easy-read guides (issue #19): instructions for taking part, open to everyone like the pages they explain
  'easyRead.view': anyone,
  'account.signUp': (actor) => actor === null,
  'account.logIn': anyone,
  // A person's own account and data (LGPD)
  'account.view': signedIn,
  'account.changePassword': signedIn,
  // Which notices a person receives and by which channel (issue #18)
  'account.notices': signedIn,
  'privacy.exportOwn': signedIn,
  'privacy.eraseOwn': signedIn,
  // Administration
  'users.list': hasRole('admin'),
  'users.manageRoles': hasRole('admin'),
  'audit.read': hasRole('admin'),
  'outbox.read': hasRole('admin'),
  // Voter registration (census)
  'registration.selfRegister': signedIn,
  'registration.checkStatus': anyone,
  'registration.assist': hasRole('secretariat'),
  // Issue #18: a desk or imported registration is claimed online (the three facts and a one-time
  // code are the proof, checked in the domain); the desk prints a code or creates the account.
  'registration.claim': anyone,
  'registration.linkClaim': signedIn,
  'registration.issueClaimCode': hasRole('secretariat'),
  'registration.createAccount': hasRole('secretariat'),
  'registration.queue': hasRole('secretariat', 'electoral_commission'),
  'registration.decide': hasRole('secretariat'),
  'registration.viewDocument': hasRole('secretariat'),
  'registration.import': hasRole('secretariat'),
  // Likely duplicates on the roll: the commission sees what holds the roll; the secretariat answers.
  'registration.reviewDuplicates': hasRole('secretariat', 'electoral_commission'),
  'registration.resolveDuplicates': hasRole('secretariat'),
  'census.configure': hasRole('electoral_commission'),
  'census.export': hasRole('electoral_commission'),
  // Issue #17: the secretariat closes a census cycle and opens the next (one cycle per election).
  'census.closeCycle': hasRole('secretariat'),
  'census.stats': anyone,
  // Elections
  'elections.view': anyone,
  'elections.apply': signedIn,
  'elections.vote': signedIn,
  'elections.manage': hasRole('electoral_commission'),
  // Proof that an organisation works in the city (#17): private like identity documents.
  'elections.viewCandidacyProof': hasRole('electoral_commission'),
  // The polling place (issue #16.13). Poll workers are named per election by the commission: no
  // role opens booth ballots by itself. Every polling-station page first asks `elections.pollWork`
  // with the election's named workers as the resource; `elections.pollStation` then only says that
  // its forms need a signed-in person (the worker).
  'elections.pollWork': (actor, resource) =>
    actor !== null && isPollWorkersResource(resource) && resource.pollWorkerIds.includes(actor.id),
  'elections.pollStation': signedIn,
  'elections.managePollWorkers': hasRole('electoral_commission'),
  'elections.enrolBoothDevices': hasRole('electoral_commission'),
  // The threshold key ceremony (issue #20 "Trustees"): the commission starts it and follows who
  // did which step; only a member named in it uploads their own step outputs (checked again in
  // the domain: one member never uploads for another).
  'elections.manageTrustees': hasRole('electoral_commission'),
  'elections.trustee': (actor, resource) =>
    actor !== null && isTrusteesResource(resource) && resource.trusteeUserIds.includes(actor.id),
  // The member page's forms: asked after `elections.trustee` (as `elections.pollStation` after
  // `elections.pollWork`); the domain checks again that the uploader is that member.
  'elections.trusteeUpload': signedIn,
  // Election day (issue #17): the commission registers polling places and types paper counts
  // (two different members per place: checked in the domain).
  'elections.managePollingPlaces': hasRole('electoral_commission'),
  'elections.enterPaperCount': hasRole('electoral_commission'),
  // The booth (issue #16.12): the device's booth cookie is the credential, checked in the domain;
  // a device in booth state holds no session at all.
  'elections.booth': anyone,
  // Conference
  'conference.view': anyone,
  'conference.propose': signedIn,
  'conference.support': signedIn,
  'conference.comment': signedIn,
  // Accreditation for the edition is checked in the domain; the role opens the ballot page.
  'conference.vote': hasRole('delegate'),
  'conference.manage': hasRole('secretariat'),
  // Public consultations
  'consultations.view': anyone,
  'consultations.contribute': signedIn,
  'consultations.support': signedIn,
  'consultations.report': signedIn,
  'consultations.moderate': hasRole('moderator', 'secretariat'),
  'consultations.answer': hasRole('secretariat'),
  'consultations.manage': hasRole('secretariat'),
  // Municipal Plan and campaigns. Which indicators a focal point may report on (their body's
  // actions) is checked in the domain; the role opens the form.
  'plan.view': anyone,
  'plan.reportProgress': hasRole('plan_reporter', 'secretariat'),
  'plan.review': hasRole('secretariat'),
  'plan.manage': hasRole('secretariat'),
  // Council meetings, minutes and resolutions
  'council.view': anyone,
  'council.manage': hasRole('secretariat'),
  // Counsellors (issue #18): the role opens the workspace ("Meu conselho"); every act on one body
  // (propose an agenda item, answer a convocation, read and comment on circulated minutes, comment
  // on its plan actions' monitoring) asks `council.counsel` with that body's serving members as the
  // resource, so the role alone, a former member or a member of another body is refused.
  'council.workspace': hasRole('counsellor'),
  'council.counsel': (actor, resource) =>
    actor !== null &&
    actor.roles.includes('counsellor') &&
    isCouncilBodyResource(resource) &&
    resource.servingMemberUserIds.includes(actor.id),
  // Translation of authored texts (issue #19, ADR 028). The roles open the queue, the editor and
  // the review list; every act on one text also asks `translations.inLanguage` with the language
  // and the actor's languages: a translator works only in theirs, the secretariat in all. That a
  // reviewer is never the text's translator is checked in the domain (it needs the submission).
  'translations.work': hasRole('translator', 'secretariat'),
  'translations.review': hasRole('translator', 'secretariat'),
  'translations.inLanguage': holdsLanguage,
  // Easy-read guides (issue #19, ADR 026 "Review"): the team writes them; a second reader of the
  // language checks them. The roles open the list and the review page; recording a review of one
  // guide in one language needs the language (a translator's own, or the secretariat) and that the
  // actor did not record the latest review of it: never the same person twice in a row.
  'easyRead.reviewList': hasRole('translator', 'secretariat'),
  'easyRead.review': (actor, resource) =>
    holdsLanguage(actor, resource) &&
    isEasyReadReviewResource(resource) &&
    resource.lastReviewerId !== actor!.id,
  // Admins give and take the role and say which languages a translator works in.
  'translations.manage': hasRole('admin'),
} satisfies Record<string, Rule>

export type Action = keyof typeof rules
export const ACTIONS = Object.keys(rules) as Action[]

export function can(actor: Actor, action: Action, resource?: unknown): boolean {
  return rules[action](actor, resource)
}

// Roles a staff member may hand out. Only admins grant roles at all; "voter" comes from the
// census (registration), never by hand.
export const GRANTABLE_ROLES: readonly Role[] = [
  'resident',
  'candidate',
  'counsellor',
  'delegate',
  'secretariat',
  'electoral_commission',
  'observer',
  'admin',
  'moderator',
  'plan_reporter',
  'translator',
]
