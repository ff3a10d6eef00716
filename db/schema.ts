import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'
import { LANGUAGES } from '../app/i18n/config'

// One interface for the whole database. Timestamps are ISO-8601 UTC strings; booleans 0/1.
//
// Every closed set of values is an `as const` list here, its type derived from it, so zod schemas
// use the same constant. The database enforces each one with a CHECK constraint (migration 011 and
// later), and tests/integration/db/schema-matches-types.test.ts fails when this file and the
// migrated tables disagree: to add a value, write a new migration that changes the CHECK *and*
// extend the list here (ADR 012).

/** The languages the service is offered in (defined with the translations, app/i18n/config.ts). */
export { LANGUAGES }
export type Language = (typeof LANGUAGES)[number]
// `ColumnType<Language, string, string>`: a closed set that some writers still pass as a plain
// string. Reads are the narrow type; writes take a string, and the CHECK constraint rejects anything
// outside the set. Narrow it to the plain type once every writer passes one.

export const ROLES = [
  'resident',
  'voter',
  'candidate',
  'counsellor',
  'delegate',
  'secretariat',
  'electoral_commission',
  'observer',
  'admin',
  'moderator',
  'plan_reporter',
  // Issue #19 (migration 034): volunteers and staff who translate authored texts.
  'translator',
] as const
export type Role = (typeof ROLES)[number]

// The 8 thematic axes of the conference and the plan (codes; names in locales/*/reference.json).
export const THEMATIC_AXES = [
  'participation',
  'social_assistance_housing',
  'cultural_diversity',
  'human_rights',
  'women_lgbti',
  'decent_work',
  'education',
  'health_leisure_sport',
] as const
export type ThematicAxis = (typeof THEMATIC_AXES)[number]

export interface UsersTable {
  id: string
  email: string | null
  phone: string | null
  display_name: string
  password_hash: string | null
  preferred_language: ColumnType<Language, string, string>
  created_at: string
  password_changed_at: string | null
  erased_at: string | null
}

export interface UserRolesTable {
  user_id: string
  role: Role
  granted_by: string | null
  granted_at: string
}

export interface SessionsTable {
  id: string
  user_id: string
  expires_at: string
  created_at: string
  /** 0: a "shared computer" session (cookie without expiry, short server-side lifetime). */
  persistent: Generated<number>
}

export interface PasswordResetTokensTable {
  token_hash: string
  user_id: string
  expires_at: string
  used_at: string | null
}

/** A 6-digit code sent by SMS to reset a phone-only account's password (migration 025). */
export interface PasswordResetCodesTable {
  id: string
  user_id: string
  /** HMAC of the code bound to the account; the code itself is never stored. */
  code_hash: string
  /** Wrong codes tried; at MAX_CODE_ATTEMPTS the code is void. */
  attempts: Generated<number>
  created_at: string
  expires_at: string
  used_at: string | null
}

export interface RateLimitsTable {
  key: string
  window_started_at: string
  failures: number
  locked_until: string | null
}

export const IDENTIFIER_KINDS = ['email', 'phone'] as const
export type IdentifierKind = (typeof IDENTIFIER_KINDS)[number]

/** A sign-up waiting for its address to be confirmed (#16.10); deleted after 24 hours. */
export interface PendingSignupsTable {
  token_hash: string
  identifier_kind: IdentifierKind
  identifier: string
  display_name: string
  password_hash: string
  preferred_language: ColumnType<Language, string, string>
  consent_text_version: string
  created_at: string
  expires_at: string
}

export interface ConsentsTable {
  id: string
  user_id: string
  purpose: string
  legal_basis: string
  text_version: string
  given_at: string
  withdrawn_at: string | null
}

export interface OutboxTable {
  id: string
  to_address: string
  language: ColumnType<Language, string, string>
  subject: string
  body: string
  created_at: string
  sent_at: string | null
  last_error: string | null
  /** A process is sending it until then (several processes deliver; none sends a message twice). */
  claimed_until: string | null
  /** E-mail goes to SMTP, a phone number to Kannel (SMS). */
  channel: Generated<OutboxChannel>
  status: Generated<OutboxStatus>
  /** Delivery tries so far; after the budget the message is `failed`. */
  attempts: Generated<number>
  /** When the next try may run (exponential back-off); null = now. */
  next_attempt_at: string | null
  /** What the SMS centre reported (Kannel's delivery report); null for e-mail or before any. */
  delivery_status: DeliveryStatus | null
  /** When the last delivery report arrived. */
  delivered_at: string | null
  /** An e-mail's one attachment (a convocation's iCalendar file; migration 026). */
  attachment_name: string | null
  attachment_content: string | null
}

export const NOTICE_CHANNELS = ['email', 'sms', 'none'] as const
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number]

/** A person's choice for one kind of notice (migration 026); no row = the default. */
export interface NoticePreferencesTable {
  user_id: string
  kind: string
  channel: NoticeChannel
  updated_at: string
}

/** A bulk send to an election's roll, one per election and kind; resumable from `cursor`. */
export interface NoticeCampaignsTable {
  id: string
  election_id: string
  kind: string
  job_id: string | null
  cursor: string | null
  /** People the campaign went through (sent + not sent); remaining is `total - queued`. */
  queued: Generated<number>
  total: number | null
  created_at: string
  finished_at: string | null
  /** People an outbox message was written for (migration 033). */
  sent: Generated<number>
  /** People gone through without a message, by reason (migration 033). */
  not_sent_no_contact: Generated<number>
  not_sent_opted_out: Generated<number>
  not_sent_erased: Generated<number>
}

/** One per campaign and recipient: nobody gets one campaign twice. */
export interface NoticeDeliveriesTable {
  campaign_id: string
  registration_id: string
  outbox_id: string | null
  created_at: string
}

/** A bulk notice about one subject (a consultation closed): at most one per template and subject. */
export interface NoticeRunsTable {
  id: string
  template: string
  subject_id: string
  job_id: string | null
  cursor: string | null
  queued: Generated<number>
  total: number | null
  restarts: Generated<number>
  created_at: string
  finished_at: string | null
}

/** One per run and person: nobody is told of one subject twice. */
export interface NoticeRunDeliveriesTable {
  run_id: string
  user_id: string
  outbox_id: string | null
  created_at: string
}

export const DELIVERY_STATUSES = ['delivered', 'failed', 'buffered', 'submitted'] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

export const OUTBOX_CHANNELS = ['email', 'sms'] as const
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number]
export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number]

export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const
export type JobStatus = (typeof JOB_STATUSES)[number]

/** Work run in the background (app/jobs): claimed like outbox messages, so one process runs each. */
/** A counter per data set (`census`), bumped in the same transaction as a change to it (#16.4). */
export interface DataVersionsTable {
  name: string
  version: number
}

/**
 * A version per table that cached public pages read (issue #22, ADR 037), bumped by triggers in
 * the same transaction as every write to that table (migration 042). Never written by app code.
 */
export interface TableVersionsTable {
  table_name: string
  version: number
}

/** The last computed answer of an expensive public page, with the version it was computed at. */
export interface PublishedSnapshotsTable {
  kind: string
  key: string
  version: string
  etag: string
  body: string
  computed_at: string
}

export interface JobsTable {
  id: string
  kind: string
  status: JobStatus
  created_by: string | null
  /** What the job works on (a CSV: personal data), cleared once the job no longer needs it. */
  input: string | null
  progress_done: number
  progress_total: number | null
  /** JSON. */
  result: string | null
  /** An error code, never a message (messages can echo the data). */
  error: string | null
  attempts: number
  created_at: string
  updated_at: string
  /** The claim of the process running it, and until when it holds. */
  claimed_by: string | null
  claimed_until: string | null
}

export interface AuditLogTable {
  seq: number
  occurred_at: string
  actor_user_id: string | null
  action: string
  entity_type: string
  entity_id: string | null
  before_json: string | null
  after_json: string | null
  prev_hash: string
  hash: string
}

export interface ErasureRequestsTable {
  id: string
  user_id: string
  requested_at: string
  completed_at: string | null
  kept_note: string | null
}

export interface SubprefecturesTable {
  id: number
  slug: string
  name: string
  /** Computed from the two populations of the last import that named it (issue #17). */
  immigrant_share_pct: number | null
  immigrant_population: number | null
  total_population: number | null
  share_source: string | null
  share_reference_date: string | null
  share_import_id: string | null
}

/** One accepted file of immigrant population figures (issue #17); its lines below. */
export interface ImmigrantShareImportsTable {
  id: string
  imported_by: string
  imported_at: string
  row_count: number
}

export interface ImmigrantShareImportRowsTable {
  import_id: string
  subprefecture_id: number
  line: number
  immigrant_population: number
  total_population: number
  source: string
  reference_date: string
}

export interface ThematicAxesTable {
  id: number
  code: string
  position: number
  name_i18n: string
}

export interface MigracidadesDimensionsTable {
  id: number
  code: string
  position: number
  name_i18n: string
}

export const DOCUMENT_TYPES = [
  'crnm',
  'rne',
  'dprnm',
  'refugee_protocol',
  'residence_protocol',
  'passport',
  'national_id',
  'consular_certificate',
  'naturalisation_request',
  'other',
] as const
export type DocumentType = (typeof DOCUMENT_TYPES)[number]

export const GENDERS = [
  'woman',
  'man',
  'trans_woman',
  'trans_man',
  'travesti',
  'non_binary',
  'other',
  'prefer_not_to_say',
] as const
export type Gender = (typeof GENDERS)[number]

export const REGISTRATION_STATUSES = ['pending', 'needs_info', 'approved', 'rejected', 'erased'] as const
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number]
/** How a registration came in: the person online, a staff member for them, or a bulk import. */
export const REGISTRATION_CHANNELS = ['self', 'assisted', 'import'] as const
export type RegistrationChannel = (typeof REGISTRATION_CHANNELS)[number]
/** What an uploaded registration document proves. */
export const REGISTRATION_DOCUMENT_KINDS = ['identity', 'residence', 'other'] as const
export type RegistrationDocumentKind = (typeof REGISTRATION_DOCUMENT_KINDS)[number]
export const MESSAGE_AUTHORS = ['staff', 'person'] as const
export type MessageAuthor = (typeof MESSAGE_AUTHORS)[number]

export interface CensusCyclesTable {
  id: string
  name: string
  election_day: string
  min_voter_age: number
  min_candidate_age: number
  proof_of_residence_required: number
  document_retention_days: number
  is_current: number
  created_at: string
  /** Issue #17: when the cycle was closed (null while open). */
  closed_at: string | null
  /** Days after closing until the cycle's identity data is purged (data per cycle). */
  identity_retention_days: Generated<number>
  identity_purged_at: string | null
}

export interface VoterRegistrationsTable {
  id: string
  protocol: string
  cycle_id: string
  user_id: string | null
  channel: RegistrationChannel
  registered_by: string | null
  full_name: string
  social_name: string | null
  birth_date: string | null
  nationalities: string
  naturalised: number
  gender: Gender
  subprefecture_id: number
  document_type: DocumentType
  document_number: string
  phone: string | null
  email: string | null
  preferred_language: ColumnType<Language, string, string>
  status: RegistrationStatus
  decision_reason: string | null
  decision_note: string | null
  decided_by: string | null
  decided_at: string | null
  duplicate_key: string
  consent_at: string
  created_at: string
  updated_at: string
}

/** Where a claim code went (issue #18, migration 027): the registration's contact, or the desk's receipt. */
export const CLAIM_CODE_CHANNELS = ['email', 'sms', 'paper'] as const
export type ClaimCodeChannel = (typeof CLAIM_CODE_CHANNELS)[number]

export interface RegistrationClaimCodesTable {
  id: string
  registration_id: string
  code_hash: string
  channel: ClaimCodeChannel
  expires_at: string
  attempts: Generated<number>
  used_at: string | null
  created_at: string
}

/**
 * A one-time code printed at the desk for a person to choose the password of the account the desk
 * created without one (issue #18, migration 031). Only an HMAC of the code bound to the account.
 */
export interface AccountSetupCodesTable {
  id: string
  user_id: string
  code_hash: string
  expires_at: string
  /** Wrong codes tried for the account; at MAX_SETUP_ATTEMPTS the code is void. */
  attempts: Generated<number>
  used_at: string | null
  created_at: string
}

/**
 * A claim whose code was verified by someone not signed in, kept 15 minutes while they log in
 * (issue #18, migration 031). `token_hash`: SHA-256 of the random token in the browser's cookie.
 */
export interface PendingClaimsTable {
  token_hash: string
  registration_id: string
  code_id: string
  /** HMAC of the normalised e-mail or phone the person will sign in with: only that account completes. */
  identifier_hash: string
  expires_at: string
  created_at: string
}

export interface RegistrationDocumentsTable {
  id: string
  registration_id: string
  kind: RegistrationDocumentKind
  storage_key: string
  mime_type: string
  size_bytes: number
  uploaded_at: string
  delete_after: string | null
  deleted_at: string | null
}

export interface RegistrationMessagesTable {
  id: string
  registration_id: string
  author: MessageAuthor
  author_user_id: string | null
  body: string
  created_at: string
}

/** How the secretariat answered a likely duplicate pair (issue #16.17). */
export const DUPLICATE_OUTCOMES = ['distinct', 'same'] as const
export type DuplicateOutcome = (typeof DUPLICATE_OUTCOMES)[number]

/** One answer per pair of registrations, the smaller id first. */
export interface DuplicateReviewsTable {
  registration_id: string
  other_registration_id: string
  cycle_id: string
  outcome: DuplicateOutcome
  kept_registration_id: string | null
  decided_by: string | null
  decided_at: string
}

export interface RegistrationDraftsTable {
  user_id: string
  data: string
  updated_at: string
}

export const ELECTION_PHASES = [
  'draft',
  'candidacy_open',
  'review',
  'provisional_list',
  'appeals',
  'final_list',
  'campaign',
  'voting_open',
  'voting_closed',
  'counted',
  'preliminary_result',
  'official_result',
  'closed',
] as const
export type ElectionPhase = (typeof ELECTION_PHASES)[number]
export const CANDIDACY_STATUSES = ['submitted', 'accepted', 'rejected', 'appealed', 'withdrawn'] as const
export type CandidacyStatus = (typeof CANDIDACY_STATUSES)[number]
/** The councils people are elected to: the Municipal Immigrants' Council, a Participatory Council. */
export const ELECTED_BODIES = ['cmi', 'cpm'] as const
export type ElectedBody = (typeof ELECTED_BODIES)[number]
export const CONTEST_KINDS = ['segment', 'subprefecture'] as const
export type ContestKind = (typeof CONTEST_KINDS)[number]
/** The CMI's civil-society segments. */
export const SEGMENTS = ['A', 'B', 'C'] as const
export type Segment = (typeof SEGMENTS)[number]
export const CANDIDACY_KINDS = ['person', 'organisation'] as const
export type CandidacyKind = (typeof CANDIDACY_KINDS)[number]
export const VOTING_CHANNELS = ['online', 'in_person'] as const
export type VotingChannel = (typeof VOTING_CHANNELS)[number]
export const BALLOT_CHOICES = ['candidate', 'blank', 'void'] as const
export type BallotChoice = (typeof BALLOT_CHOICES)[number]
/** How a polling place votes: the electronic booth, or paper ballots counted at the place (#17). */
export const POLLING_METHODS = ['booth', 'paper'] as const
export type PollingMethod = (typeof POLLING_METHODS)[number]
export const COUNCIL_SEATS = ['titular', 'alternate'] as const
export type CouncilSeat = (typeof COUNCIL_SEATS)[number]

/** 'plain': ballot rows and tracking codes (ADR 005); 'belenios': encrypted archives (ADR 034). */
export const BALLOT_FORMATS = ['plain', 'belenios'] as const
export type BallotFormat = (typeof BALLOT_FORMATS)[number]

export interface ElectionsTable {
  id: string
  body: ElectedBody
  cycle_id: string
  title_i18n: string
  description_i18n: string
  phase: ElectionPhase
  candidacy_deadline: string | null
  voting_starts: string | null
  voting_ends: string | null
  gazette_reference: string | null
  /** The date the official result appeared in the gazette (migration 020). */
  gazette_published_on: string | null
  /** Days a rejected candidate has to appeal, from the rejection notice (1..60; migration 029). */
  candidacy_appeal_days: ColumnType<number, number | undefined, number>
  /** How ballots are cast and stored (migration 040, ADR 034): 'plain' for elections before it. */
  ballot_format: ColumnType<BallotFormat, BallotFormat | undefined, BallotFormat>
  rules: string
  results: string | null
  created_at: string
  updated_at: string
}

export interface ContestsTable {
  id: string
  election_id: string
  kind: ContestKind
  segment: Segment | null
  subprefecture_id: number | null
  seats: number
  alternates: number
  position: number
  /** CPM: the figures the seats were computed from when the election was created (issue #17). */
  immigrant_population: number | null
  total_population: number | null
  share_source: string | null
  share_reference_date: string | null
}

export interface CandidaciesTable {
  id: string
  election_id: string
  contest_id: string
  user_id: string | null
  kind: CandidacyKind
  display_name: string
  organisation_name: string | null
  representative_name: string | null
  gender: ColumnType<Gender, string, string>
  birth_date: string
  statement_i18n: string
  photo_key: string | null
  status: CandidacyStatus
  decision_reason: string | null
  appeal_text: string | null
  created_at: string
  updated_at: string
  /** The organisation's name folded (case, accents, spaces): one candidacy per organisation (#17). */
  organisation_key: string | null
  alternate_representative_name: string | null
  /** A segment B representative need not be on the census: the candidacy identifies them. */
  representative_document_type: string | null
  representative_document_number: string | null
  /** Until when a rejection may be appealed: fixed at the rejection, the date its notice gave (029). */
  appeal_deadline: string | null
}

/** Proof that an organisation works in the city (#17): private, seen only by the commission. */
export interface CandidacyProofsTable {
  id: string
  candidacy_id: string
  storage_key: string
  mime_type: string
  size_bytes: number
  uploaded_at: string
  deleted_at: string | null
}

export interface VoterRollsTable {
  election_id: string
  registration_id: string
  subprefecture_id: number
}

export interface VoterParticipationTable {
  election_id: string
  registration_id: string
  channel: VotingChannel
}

export interface BallotsTable {
  id: string
  election_id: string
  contest_id: string
  choice: BallotChoice
  candidacy_id: string | null
}

export interface TrackingCodesTable {
  code: string
  election_id: string
}

export interface BoothTokensTable {
  token_hash: string
  election_id: string
  subprefecture_id: number
  /** 'belenios' elections: the voter's registration, sealed and bound to the token (migration 040, ADR 034). */
  registration_sealed: ColumnType<string | null, string | null | undefined, string | null>
}

/** Named by the electoral commission for one election (issue #16.13). */
export interface ElectionPollWorkersTable {
  election_id: string
  user_id: string
  named_by: string
  named_at: string
}

/** A device the commission enrolled for an election's booth; the device's token is kept hashed. */
export interface BoothDevicesTable {
  id: string
  election_id: string
  label: string
  token_hash: string | null
  code_hash: string | null
  code_expires_at: string | null
  created_by: string
  created_at: string
  enrolled_at: string | null
  revoked_at: string | null
}

/** Which poll worker marked a voter in person: no time, no order (issue #16.13). */
export interface InPersonMarksTable {
  election_id: string
  registration_id: string
  worker_id: string
}

/** A device in booth state (issue #16.12): no staff session exists while this row does. */
export interface BoothSessionsTable {
  token_hash: string
  device_id: string
  election_id: string
  worker_id: string
  ballot_token_hash: string | null
}

/** What a file of a Belenios archive is (spec 2.0, "Public data"): a data block or an event. */
export const BELENIOS_BLOCK_KINDS = ['data', 'event'] as const
export type BeleniosBlockKind = (typeof BELENIOS_BLOCK_KINDS)[number]

/** One Belenios election of a Mutirão election: a contest group (issue #20, ADR 033). */
export interface BeleniosArchivesTable {
  uuid: string
  election_id: string
  /** 'segments', or 'subprefecture-<id>' for a Participatory Council contest. */
  group_key: string
  /** JSON: per question, the contest id and the candidacy id of each answer. */
  questions_map: string
  /** The `BELENIOS` header's timestamp (seconds): the archive's only time. */
  header_timestamp: number
  /** The server's mandatory trustee key, sealed under the configured key. */
  server_key_sealed: string | null
  blocks: Generated<number>
  events: Generated<number>
  last_event_hash: string | null
}

/** A file of a Belenios archive, in archive order, named by the SHA-256 of its exact bytes. */
export interface BeleniosBlocksTable {
  archive_uuid: string
  seq: number
  kind: BeleniosBlockKind
  hash: string
  content: string
}

/** A voter's private credential for one archive, sealed; deleted when the result is published. */
export interface BeleniosCredentialsTable {
  archive_uuid: string
  registration_id: string
  credential_sealed: string
}

/** A public credential with a ballot in an archive, and its tracker (migration 041: the vote's
 * O(1) index; both public in the archive, no voter, no time). */
export interface BeleniosCastCredentialsTable {
  archive_uuid: string
  /** The public credential the ballot is signed with, in decimal as in the archive. */
  credential: string
  /** The ballot's smart ballot tracker. */
  tracker: string
}

/** Where the commission's threshold key ceremony is (issue #20, migration 039). */
export const TRUSTEE_CEREMONY_STATES = ['certificates', 'polynomials', 'voutputs', 'done'] as const
export type TrusteeCeremonyState = (typeof TRUSTEE_CEREMONY_STATES)[number]

/** The electoral commission's threshold key ceremony of one election (ADR 032). */
export interface TrusteeCeremoniesTable {
  election_id: string
  /** k: how many members are needed to decrypt. */
  threshold: number
  state: TrusteeCeremonyState
  /** The threshold parameters JSON, once step 6 ran. */
  parameters: string | null
  started_by: string | null
  started_at: string
  done_at: string | null
}

/** Member i of a ceremony and the public messages they sent or are relayed (never a secret). */
export interface TrusteeCeremonyMembersTable {
  election_id: string
  member_index: number
  /** Unlinked on erasure (public office: the public material stays). */
  user_id: string | null
  certificate: string | null
  certificate_at: string | null
  polynomial: string | null
  polynomial_at: string | null
  vinput: string | null
  voutput: string | null
  voutput_at: string | null
}

/** A polling place of one election (#17); name and address are authored text in `text_language`. */
export interface PollingPlacesTable {
  id: string
  election_id: string
  name: string
  address: string
  text_language: ColumnType<Language, string, string>
  /** ADR 027 (migration 035): `name` in every language, original = `text_language` */
  name_i18n: string | null
  /** Local wall-clock time, 'HH:MM' (default 08:00–17:00). */
  opens_at: ColumnType<string, string | undefined, string>
  closes_at: ColumnType<string, string | undefined, string>
  method: PollingMethod
  created_at: string
  updated_at: string
}

export interface PollingPlaceSubprefecturesTable {
  polling_place_id: string
  subprefecture_id: number
}

/** The place a named poll worker serves. */
export interface PollingPlaceWorkersTable {
  election_id: string
  user_id: string
  polling_place_id: string
}

/** One typing of a paper place's count; seq 2 exists only when it matched seq 1 (confirmed). */
export interface PaperCountEntriesTable {
  polling_place_id: string
  /** 1: the first typing; 2: the second, confirming one (a CHECK keeps it to these). */
  seq: number
  entered_by: string
  entered_at: string
}

/** One line of a paper count: a contest's votes for a candidacy, or its blank or void votes. */
export interface PaperCountLinesTable {
  polling_place_id: string
  /** 1: the first typing; 2: the second, confirming one (a CHECK keeps it to these). */
  seq: number
  contest_id: string
  choice: BallotChoice
  candidacy_id: string | null
  votes: number
}

export interface BulletinBoardsTable {
  election_id: string
  ballots_head: string
  codes_head: string
  ballot_count: number
  code_count: number
  published_at: string
}

export interface CouncilMembersTable {
  id: string
  body: ElectedBody
  subprefecture_id: number | null
  segment: Segment | null
  election_id: string | null
  candidacy_id: string | null
  user_id: string | null
  display_name: string
  seat: CouncilSeat
  rank: number
  term_starts: string
  term_ends: string | null
}

export const CONFERENCE_PHASES = [
  'preparation',
  'proposals_open',
  'systematisation',
  'delegates_vote',
  'final_report',
] as const
export type ConferencePhase = (typeof CONFERENCE_PHASES)[number]
export const PROPOSAL_STATUSES = [
  'submitted',
  'merged',
  'rejected',
  'motion',
  'consolidated',
  'approved',
  'not_approved',
] as const
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number]
export const CONFERENCE_AXIS_KINDS = ['thematic', 'cross_cutting'] as const
export type ConferenceAxisKind = (typeof CONFERENCE_AXIS_KINDS)[number]
export const PREPARATORY_CONFERENCE_KINDS = ['regional', 'free'] as const
export type PreparatoryConferenceKind = (typeof PREPARATORY_CONFERENCE_KINDS)[number]
export const PROPOSAL_KINDS = ['original', 'consolidated'] as const
export type ProposalKind = (typeof PROPOSAL_KINDS)[number]
export const PROPOSAL_ORIGINS = ['online', 'preparatory', 'systematisation'] as const
export type ProposalOrigin = (typeof PROPOSAL_ORIGINS)[number]

export interface ConferenceEditionsTable {
  id: string
  title_i18n: string
  motto_i18n: string | null
  starts_on: string | null
  ends_on: string | null
  phase: ConferencePhase
  votes_per_axis: number
  approval_threshold: number
  delegate_quota: number
  created_at: string
  updated_at: string
}

export interface ConferenceAxesTable {
  id: string
  edition_id: string
  kind: ConferenceAxisKind
  thematic_axis_id: number | null
  name_i18n: string | null
  position: number
}

export interface PreparatoryConferencesTable {
  id: string
  edition_id: string
  kind: PreparatoryConferenceKind
  name: string
  organiser: string
  held_on: string
  place: string
  attendance: number
  delegate_quota: number
  registered_by: string | null
  created_at: string
}

export interface ProposalsTable {
  id: string
  edition_id: string
  axis_id: string
  kind: ProposalKind
  origin: ProposalOrigin
  preparatory_id: string | null
  author_user_id: string | null
  title: string
  body: string
  justification: string | null
  language: ColumnType<Language, string, string>
  /** ADR 027 (migration 035): the texts above in every language, original = `language`; NULL = not yet written (read the plain column) */
  title_i18n: string | null
  body_i18n: string | null
  justification_i18n: string | null
  coauthors: string | null
  status: ProposalStatus
  merged_into_id: string | null
  rejection_reason: string | null
  search_text: string
  created_at: string
  updated_at: string
}

export interface ProposalSupportsTable {
  proposal_id: string
  user_id: string
  created_at: string
}

export interface ProposalCommentsTable {
  id: string
  proposal_id: string
  user_id: string | null
  author_name: string
  body: string
  created_at: string
}

export interface ConferenceDelegatesTable {
  edition_id: string
  user_id: string
  preparatory_id: string | null
  accredited_by: string | null
  accredited_at: string
}

export interface DelegateVotesTable {
  proposal_id: string
  user_id: string
  edition_id: string
  axis_id: string
}

export interface DelegateAxisUsageTable {
  edition_id: string
  user_id: string
  axis_id: string
  used: number
}

// ---------- Municipal Plan and campaigns (005) ----------

export const PLAN_STATUSES = ['not_started', 'on_track', 'delayed', 'achieved', 'cancelled'] as const
export type IndicatorStatus = (typeof PLAN_STATUSES)[number]
export const CAMPAIGN_THEMES = [
  'xenophobia',
  'racism',
  'religious_intolerance',
  'rights_awareness',
  'gender_violence',
  'labour_rights',
] as const
export type CampaignTheme = (typeof CAMPAIGN_THEMES)[number]
export const CAMPAIGN_STATUSES = ['planned', 'running', 'finished', 'cancelled'] as const
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number]
export const PLAN_EDITION_STATUSES = ['draft', 'in_force', 'concluded'] as const
export type PlanEditionStatus = (typeof PLAN_EDITION_STATUSES)[number]
/** The secretariat's review of a monitoring update before it is published. */
export const INDICATOR_REVIEWS = ['pending', 'published', 'returned'] as const
export type IndicatorReview = (typeof INDICATOR_REVIEWS)[number]

export interface PlanEditionsTable {
  id: string
  title_i18n: string
  legal_basis: string | null
  starts_year: number
  ends_year: number
  status: PlanEditionStatus
  is_demo: number
  created_at: string
}

export interface PlanBodiesTable {
  id: string
  code: string
  name_i18n: string
}

export interface PlanBodyStaffTable {
  body_id: string
  user_id: string
}

export interface PlanObjectivesTable {
  id: string
  edition_id: string
  thematic_axis_id: number
  code: string
  title_i18n: string
  position: number
}

export interface PlanActionsTable {
  id: string
  edition_id: string
  objective_id: string
  code: string
  title_i18n: string
  description_i18n: string | null
  sdg_targets: string | null
  migracidades_dimension_id: number | null
  search_text: string
  position: number
}

export interface PlanActionBodiesTable {
  action_id: string
  body_id: string
  lead: number
}

export interface PlanIndicatorsTable {
  id: string
  action_id: string
  code: string
  name_i18n: string
  unit: string
  baseline: number
  target: number
  deadline: string | null
  position: number
}

export interface IndicatorUpdatesTable {
  id: string
  indicator_id: string
  reference_date: string
  value: number
  status: IndicatorStatus
  evidence: string
  evidence_url: string | null
  review: IndicatorReview
  review_note: string | null
  submitted_by: string | null
  submitted_at: string
  reviewed_by: string | null
  reviewed_at: string | null
}

export interface CampaignsTable {
  id: string
  title_i18n: string
  summary_i18n: string | null
  theme: CampaignTheme
  year: number
  languages: string
  channels: string
  starts_on: string | null
  ends_on: string | null
  status: CampaignStatus
  is_demo: number
  created_at: string
}

export interface CampaignMaterialsTable {
  id: string
  campaign_id: string
  /** The original text, as its author wrote it (ordering, open data); readers read `label_i18n`. */
  label: string
  /** ADR 027's content model: per-language texts, `_orig`, `_basis` (migration 036). */
  label_i18n: string
  url: string
  language: ColumnType<Language | null, string | null, string | null>
}

export interface CampaignActionsTable {
  campaign_id: string
  action_id: string
}

// ---------- Consultations (006) ----------

export const CONSULTATION_STATUSES = ['draft', 'open', 'closed', 'answered'] as const
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number]
export const ANSWER_KINDS = ['accepted', 'partly_accepted', 'not_accepted'] as const
export type AnswerKind = (typeof ANSWER_KINDS)[number]
export const QUESTION_KINDS = ['single', 'multiple', 'text'] as const
export type QuestionKind = (typeof QUESTION_KINDS)[number]

export interface ConsultationsTable {
  id: string
  title_i18n: string
  summary_i18n: string
  status: ConsultationStatus
  opens_at: string
  closes_at: string
  min_account_age_days: number
  created_by: string | null
  created_at: string
  updated_at: string
}

export interface ConsultationSectionsTable {
  id: string
  consultation_id: string
  position: number
  heading_i18n: string
}

export interface ConsultationParagraphsTable {
  id: string
  consultation_id: string
  section_id: string
  position: number
  body_i18n: string
}

export interface ConsultationTargetsTable {
  id: string
  consultation_id: string
  action_id: string | null
  campaign_id: string | null
}

export interface ConsultationQuestionsTable {
  id: string
  consultation_id: string
  position: number
  kind: QuestionKind
  prompt_i18n: string
  options_i18n: string | null
}

export interface QuestionAnswersTable {
  question_id: string
  user_id: string
  consultation_id: string
  answer: string
  answered_at: string
}

export interface ContributionsTable {
  id: string
  consultation_id: string
  paragraph_id: string | null
  parent_id: string | null
  user_id: string | null
  author_name: string
  language: ColumnType<Language, string, string>
  body: string
  created_at: string
  edited_at: string | null
  hidden_at: string | null
  hidden_by: string | null
  hidden_reason: string | null
  answer: AnswerKind | null
  answer_text: string | null
  answered_by: string | null
  answered_at: string | null
}

export interface ContributionRevisionsTable {
  id: string
  contribution_id: string
  body: string
  replaced_at: string
}

export interface ContributionSupportsTable {
  contribution_id: string
  user_id: string
  created_at: string
}

export interface ContributionReportsTable {
  contribution_id: string
  user_id: string
  reason: string
  created_at: string
  resolved_at: string | null
}

export interface OutcomeLinksTable {
  id: string
  contribution_id: string | null
  proposal_id: string | null
  action_id: string | null
  campaign_id: string | null
  note: string | null
  created_by: string | null
  created_at: string
}

// ---------- Council meetings and minutes (007) ----------

export const MEETING_STATUSES = ['scheduled', 'convened', 'in_session', 'held', 'cancelled'] as const
export type MeetingStatus = (typeof MEETING_STATUSES)[number]
export const ATTENDANCE_STATUSES = ['present', 'absent', 'excused'] as const
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number]
export const VOTE_CHOICES = ['yes', 'no', 'abstain'] as const
export type VoteChoice = (typeof VOTE_CHOICES)[number]
export const MINUTES_STATUSES = ['draft', 'circulated', 'approved', 'published'] as const
export type MinutesStatus = (typeof MINUTES_STATUSES)[number]
export const COUNCIL_BODY_KINDS = ['cmi_plenary', 'working_group', 'cpm'] as const
export type CouncilBodyKind = (typeof COUNCIL_BODY_KINDS)[number]
export const MEMBER_SECTORS = ['government', 'civil_society'] as const
export type MemberSector = (typeof MEMBER_SECTORS)[number]
export const MEMBER_ROLES = ['full', 'alternate'] as const
export type MemberRole = (typeof MEMBER_ROLES)[number]
/** Why a member left before the end of the term (migration 020). */
export const LEAVE_REASONS = ['resignation', 'death', 'removal', 'other'] as const
export type LeaveReason = (typeof LEAVE_REASONS)[number]
export const MEETING_KINDS = ['ordinary', 'extraordinary'] as const
export type MeetingKind = (typeof MEETING_KINDS)[number]
export const AGENDA_ITEM_KINDS = ['information', 'deliberation'] as const
export type AgendaItemKind = (typeof AGENDA_ITEM_KINDS)[number]
/** How a deliberation's vote is recorded: totals only, or each member's vote. */
export const VOTE_MODES = ['counts', 'named'] as const
export type VoteMode = (typeof VOTE_MODES)[number]
export const ITEM_OUTCOMES = ['approved', 'rejected', 'withdrawn'] as const
export type ItemOutcome = (typeof ITEM_OUTCOMES)[number]

export interface CouncilBodiesTable {
  id: string
  kind: CouncilBodyKind
  name_i18n: string
  subprefecture_id: number | null
  parent_id: string | null
  seats: number
  /** Of `seats`: appointed by the city (the CMI: 8). */
  government_seats: Generated<number>
  /** Of `seats`: elected by civil society (the CMI: 8, split over segments per election). */
  civil_society_seats: Generated<number>
  /** Alternates each full member has (the CMI: 1, so 16 alternates). */
  alternates_per_seat: Generated<number>
  quorum_open_pct: number
  quorum_open_strict: number
  quorum_deliberate_pct: number
  quorum_deliberate_strict: number
  notice_days: number
  extraordinary_notice_days: number
  resolution_code: string
  created_at: string
  /** A member's term, counted from the swearing-in (migration 020). */
  term_months: Generated<number>
}

export interface BodyMembersTable {
  id: string
  body_id: string
  council_member_id: string | null
  user_id: string | null
  display_name: string
  sector: MemberSector
  segment: ColumnType<Segment | null, string | null, string | null>
  organisation: string | null
  role: MemberRole
  alternate_for: string | null
  term_starts: string
  term_ends: string | null
  ended_reason: string | null
  created_at: string
  /** Why a member left before the end of the term, and by which act (migration 020). */
  leave_reason: LeaveReason | null
  leave_act: string | null
  /** On a full member who left: the membership of the alternate who took the seat. */
  successor_id: string | null
}

/** An election's elected members sworn in on a body (migration 020). */
export interface BodySwearingsTable {
  body_id: string
  election_id: string
  sworn_in_on: string
  recorded_at: string
}

export interface MeetingsTable {
  id: string
  body_id: string
  kind: MeetingKind
  title: string
  /** ADR 027 (migration 035): `title` in every language (original pt-BR) */
  title_i18n: string | null
  starts_at: string
  place: string | null
  online_url: string | null
  status: MeetingStatus
  convened_at: string | null
  opened_at: string | null
  closed_at: string | null
  created_at: string
}

export interface AttendanceTable {
  meeting_id: string
  member_id: string
  status: AttendanceStatus
  recorded_at: string
}

export interface AgendaItemsTable {
  id: string
  meeting_id: string
  position: number
  title: string
  description: string | null
  /** ADR 027 (migration 035): `title` and `description` in every language (original pt-BR) */
  title_i18n: string | null
  description_i18n: string | null
  kind: AgendaItemKind
  motion: string | null
  approves_minutes_of: string | null
  vote_mode: VoteMode | null
  votes_yes: number | null
  votes_no: number | null
  votes_abstain: number | null
  present_at_vote: number | null
  outcome: ItemOutcome | null
  voted_at: string | null
}

export interface ItemVotesTable {
  item_id: string
  member_id: string
  vote: VoteChoice
}

export interface ResolutionsTable {
  id: string
  body_id: string
  year: number
  number: number
  item_id: string
  title: string
  /** ADR 027 (migration 035): `title` in every language (original pt-BR) */
  title_i18n: string | null
  body: string
  summary_i18n: string | null
  gazette_reference: string | null
  search_text: string
  created_at: string
}

export interface MinutesTable {
  id: string
  meeting_id: string
  status: MinutesStatus
  record_json: string
  text: string
  summary_i18n: string | null
  approved_by_item: string | null
  approved_at: string | null
  circulated_at: string | null
  published_at: string | null
  search_text: string
  updated_at: string
}

export interface MinutesErrataTable {
  id: string
  minutes_id: string
  text: string
  created_by: string | null
  published_at: string
}

/** Issue #18 (migration 028): what a serving member writes or answers in the workspace. */
export const AGENDA_PROPOSAL_STATUSES = ['pending', 'accepted', 'declined'] as const
export type AgendaProposalStatus = (typeof AGENDA_PROPOSAL_STATUSES)[number]
export const CONVOCATION_RESPONSES = ['confirmed', 'excused'] as const
export type ConvocationResponse = (typeof CONVOCATION_RESPONSES)[number]

export interface CouncilAgendaProposalsTable {
  id: string
  meeting_id: string
  member_id: string
  user_id: string | null
  title: string
  description: string | null
  status: AgendaProposalStatus
  decline_reason: string | null
  agenda_item_id: string | null
  decided_by: string | null
  decided_at: string | null
  created_at: string
}

export interface AttendanceConfirmationsTable {
  meeting_id: string
  member_id: string
  user_id: string | null
  response: ConvocationResponse
  responded_at: string
}

export interface MinutesCommentsTable {
  id: string
  minutes_id: string
  member_id: string
  user_id: string | null
  text: string
  created_at: string
}

export interface CouncilBodyPlanActionsTable {
  body_id: string
  action_id: string
}

export interface MonitoringCommentsTable {
  id: string
  update_id: string
  member_id: string
  user_id: string | null
  text: string
  created_at: string
}

// ---- Translation workflow (issue #19, migration 034, ADR 028) ----

/** Which languages a translator works in. */
export interface TranslatorLanguagesTable {
  user_id: string
  language: ColumnType<Language, string, string>
}

export const TRANSLATION_SUBMISSION_STATUSES = ['submitted', 'published', 'returned', 'superseded'] as const
export type TranslationSubmissionStatus = (typeof TRANSLATION_SUBMISSION_STATUSES)[number]

/** A proposed translation of one authored text into one language, and its review. */
export interface TranslationSubmissionsTable {
  id: string
  /** a registry kind, `<entity>.<field>` (app/translations/registry.server.ts) */
  kind: string
  entity_id: string
  language: ColumnType<Language, string, string>
  text: string
  /** fingerprint of the original the translator worked from (app/i18n/content.ts) */
  basis: string
  status: TranslationSubmissionStatus
  /** null after the translator's account is erased */
  translator_id: string | null
  reviewer_id: string | null
  review_note: string | null
  created_at: string
  decided_at: string | null
  /** `kind|entity|language` while submitted, else null: at most one pending per text and language */
  pending_key: string | null
}

// ---- Easy-read guide reviews (issue #19, migration 037, ADR 026 "Review") ----

/** The easy-read guides by slug (app/easyread/guides.ts). */
export const EASY_READ_GUIDES = ['registration', 'ballot', 'results', 'polling-place'] as const
export type EasyReadGuide = (typeof EASY_READ_GUIDES)[number]
export const EASY_READ_REVIEW_OUTCOMES = ['approved', 'changes_requested'] as const
export type EasyReadReviewOutcome = (typeof EASY_READ_REVIEW_OUTCOMES)[number]

/** A second reader's review of one easy-read guide in one language. */
export interface EasyReadReviewsTable {
  id: string
  guide: EasyReadGuide
  language: ColumnType<Language, string, string>
  /** 1, 2, 3 … per guide and language; UNIQUE with them, so two reviews cannot both be the next */
  review_number: number
  /** fingerprint of the guide's text in that language when reviewed (app/easyread/fingerprint.ts) */
  text_fingerprint: string
  /** null after the reviewer's account is erased */
  reviewer_id: string | null
  reviewed_at: string
  outcome: EasyReadReviewOutcome
  /** at most 2,000 characters; blanked on the reviewer's erasure */
  note: string | null
}

export interface Database {
  council_agenda_proposals: CouncilAgendaProposalsTable
  attendance_confirmations: AttendanceConfirmationsTable
  minutes_comments: MinutesCommentsTable
  council_body_plan_actions: CouncilBodyPlanActionsTable
  monitoring_comments: MonitoringCommentsTable
  council_bodies: CouncilBodiesTable
  body_members: BodyMembersTable
  body_swearings: BodySwearingsTable
  meetings: MeetingsTable
  attendance: AttendanceTable
  agenda_items: AgendaItemsTable
  item_votes: ItemVotesTable
  resolutions: ResolutionsTable
  minutes: MinutesTable
  minutes_errata: MinutesErrataTable
  plan_editions: PlanEditionsTable
  plan_bodies: PlanBodiesTable
  plan_body_staff: PlanBodyStaffTable
  plan_objectives: PlanObjectivesTable
  plan_actions: PlanActionsTable
  plan_action_bodies: PlanActionBodiesTable
  plan_indicators: PlanIndicatorsTable
  indicator_updates: IndicatorUpdatesTable
  campaigns: CampaignsTable
  campaign_materials: CampaignMaterialsTable
  campaign_actions: CampaignActionsTable
  consultations: ConsultationsTable
  consultation_sections: ConsultationSectionsTable
  consultation_paragraphs: ConsultationParagraphsTable
  consultation_targets: ConsultationTargetsTable
  consultation_questions: ConsultationQuestionsTable
  question_answers: QuestionAnswersTable
  contributions: ContributionsTable
  contribution_revisions: ContributionRevisionsTable
  contribution_supports: ContributionSupportsTable
  contribution_reports: ContributionReportsTable
  outcome_links: OutcomeLinksTable
  conference_editions: ConferenceEditionsTable
  conference_axes: ConferenceAxesTable
  preparatory_conferences: PreparatoryConferencesTable
  proposals: ProposalsTable
  proposal_supports: ProposalSupportsTable
  proposal_comments: ProposalCommentsTable
  conference_delegates: ConferenceDelegatesTable
  delegate_votes: DelegateVotesTable
  delegate_axis_usage: DelegateAxisUsageTable
  council_members: CouncilMembersTable
  elections: ElectionsTable
  contests: ContestsTable
  candidacies: CandidaciesTable
  candidacy_proofs: CandidacyProofsTable
  voter_rolls: VoterRollsTable
  voter_participation: VoterParticipationTable
  ballots: BallotsTable
  tracking_codes: TrackingCodesTable
  booth_tokens: BoothTokensTable
  election_poll_workers: ElectionPollWorkersTable
  booth_devices: BoothDevicesTable
  in_person_marks: InPersonMarksTable
  booth_sessions: BoothSessionsTable
  belenios_archives: BeleniosArchivesTable
  belenios_blocks: BeleniosBlocksTable
  belenios_credentials: BeleniosCredentialsTable
  belenios_cast_credentials: BeleniosCastCredentialsTable
  trustee_ceremonies: TrusteeCeremoniesTable
  trustee_ceremony_members: TrusteeCeremonyMembersTable
  bulletin_boards: BulletinBoardsTable
  polling_places: PollingPlacesTable
  polling_place_subprefectures: PollingPlaceSubprefecturesTable
  polling_place_workers: PollingPlaceWorkersTable
  paper_count_entries: PaperCountEntriesTable
  paper_count_lines: PaperCountLinesTable
  census_cycles: CensusCyclesTable
  voter_registrations: VoterRegistrationsTable
  registration_claim_codes: RegistrationClaimCodesTable
  account_setup_codes: AccountSetupCodesTable
  pending_claims: PendingClaimsTable
  registration_documents: RegistrationDocumentsTable
  registration_messages: RegistrationMessagesTable
  registration_drafts: RegistrationDraftsTable
  duplicate_reviews: DuplicateReviewsTable
  users: UsersTable
  user_roles: UserRolesTable
  sessions: SessionsTable
  password_reset_tokens: PasswordResetTokensTable
  password_reset_codes: PasswordResetCodesTable
  pending_signups: PendingSignupsTable
  rate_limits: RateLimitsTable
  consents: ConsentsTable
  outbox: OutboxTable
  notice_preferences: NoticePreferencesTable
  notice_campaigns: NoticeCampaignsTable
  notice_deliveries: NoticeDeliveriesTable
  notice_runs: NoticeRunsTable
  notice_run_deliveries: NoticeRunDeliveriesTable
  jobs: JobsTable
  data_versions: DataVersionsTable
  table_versions: TableVersionsTable
  published_snapshots: PublishedSnapshotsTable
  audit_log: AuditLogTable
  erasure_requests: ErasureRequestsTable
  subprefectures: SubprefecturesTable
  immigrant_share_imports: ImmigrantShareImportsTable
  immigrant_share_import_rows: ImmigrantShareImportRowsTable
  thematic_axes: ThematicAxesTable
  migracidades_dimensions: MigracidadesDimensionsTable
  translator_languages: TranslatorLanguagesTable
  translation_submissions: TranslationSubmissionsTable
  easy_read_reviews: EasyReadReviewsTable
}

export type User = Selectable<UsersTable>
export type NewUser = Insertable<UsersTable>
export type AuditEntry = Selectable<AuditLogTable>
export type VoterRegistration = Selectable<VoterRegistrationsTable>
export type CensusCycle = Selectable<CensusCyclesTable>
export type Election = Selectable<ElectionsTable>
export type Contest = Selectable<ContestsTable>
export type Candidacy = Selectable<CandidaciesTable>
