import type { Migration } from 'kysely'
import * as foundation from './2026-11-23-001-foundation'
import * as registration from './2026-11-23-002-registration'
import * as elections from './2026-11-23-003-elections'
import * as conference from './2026-11-23-004-conference'
import * as planCampaigns from './2026-11-23-005-plan-campaigns'
import * as consultations from './2026-11-23-006-consultations'
import * as councilMeetings from './2026-11-23-007-council-meetings'
import * as lookupIndexes from './2026-11-23-008-lookup-indexes'
import * as postgresAndOutboxClaims from './2026-11-23-009-postgres-and-outbox-claims'
import * as postgresTrigramSearch from './2026-11-23-010-postgres-trigram-search'
import * as checkConstraints from './2026-12-03-011-check-constraints'
import * as jobs from './2026-12-03-012-jobs'
import * as accounts from './2026-12-04-013-accounts'
import * as booth from './2026-12-04-014-booth'
import * as secrecy from './2026-12-04-015-secrecy'
import * as privacy from './2026-12-04-016-privacy'
import * as data from './2026-12-04-017-data'
import * as signupConfirmation from './2026-12-04-018-signup-confirmation'
import * as candidacyOrganisations from './2026-12-04-019-candidacy-organisations'
import * as councilComposition from './2026-12-04-024-council-composition'
import * as sms from './2026-12-04-025-sms'
import * as claimCodes from './2026-12-04-027-claim-codes'
import * as counsellors from './2026-12-04-028-counsellors'
import * as candidacyAppealWindow from './2026-12-04-029-candidacy-appeal-window'
import * as accountSetup from './2026-12-04-031-account-setup'
import * as immigrantShares from './2026-12-04-021-immigrant-shares'
import * as pollingPlaces from './2026-12-04-022-polling-places'
import * as termsAndSuccession from './2026-12-04-020-terms-and-succession'
import * as votingHoursAndCycles from './2026-12-04-023-voting-hours-and-cycles'
import * as notices from './2026-12-04-026-notices'
import * as noticeRuns from './2026-12-04-030-notice-runs'
import * as campaignCounts from './2026-12-04-033-campaign-counts'
import * as translationWorkflow from './2026-12-04-034-translation-workflow'
import * as translatableConferenceCouncil from './2026-12-04-035-translatable-conference-council'
import * as translatableCampaignMaterials from './2026-12-04-036-translatable-campaign-materials'
import * as easyReadReviews from './2026-12-05-037-easy-read-reviews'
import * as beleniosArchives from './2026-12-05-038-belenios-archives'
import * as trusteeCeremony from './2026-12-05-039-trustee-ceremony'
import * as ballotFormat from './2026-12-05-040-ballot-format'
import * as beleniosBallotIndex from './2026-12-05-041-belenios-ballot-index'
import * as tableVersions from './2026-12-05-042-table-versions'

// Listed statically (not discovered on disk) so migrations run the same from tsx, vitest and a
// bundled server build. Keys sort in the order they must run.
export const migrations: Record<string, Migration> = {
  '2026-11-23-001-foundation': foundation,
  '2026-11-23-002-registration': registration,
  '2026-11-23-003-elections': elections,
  '2026-11-23-004-conference': conference,
  '2026-11-23-005-plan-campaigns': planCampaigns,
  '2026-11-23-006-consultations': consultations,
  '2026-11-23-007-council-meetings': councilMeetings,
  '2026-11-23-008-lookup-indexes': lookupIndexes,
  '2026-11-23-009-postgres-and-outbox-claims': postgresAndOutboxClaims,
  '2026-11-23-010-postgres-trigram-search': postgresTrigramSearch,
  '2026-12-03-011-check-constraints': checkConstraints,
  '2026-12-03-012-jobs': jobs,
  '2026-12-04-013-accounts': accounts,
  '2026-12-04-014-booth': booth,
  '2026-12-04-015-secrecy': secrecy,
  '2026-12-04-016-privacy': privacy,
  '2026-12-04-017-data': data,
  '2026-12-04-018-signup-confirmation': signupConfirmation,
  '2026-12-04-019-candidacy-organisations': candidacyOrganisations,
  '2026-12-04-020-terms-and-succession': termsAndSuccession,
  '2026-12-04-021-immigrant-shares': immigrantShares,
  '2026-12-04-022-polling-places': pollingPlaces,
  '2026-12-04-023-voting-hours-and-cycles': votingHoursAndCycles,
  '2026-12-04-024-council-composition': councilComposition,
  '2026-12-04-025-sms': sms,
  '2026-12-04-026-notices': notices,
  '2026-12-04-027-claim-codes': claimCodes,
  '2026-12-04-028-counsellors': counsellors,
  '2026-12-04-029-candidacy-appeal-window': candidacyAppealWindow,
  '2026-12-04-030-notice-runs': noticeRuns,
  '2026-12-04-031-account-setup': accountSetup,
  '2026-12-04-033-campaign-counts': campaignCounts,
  '2026-12-04-034-translation-workflow': translationWorkflow,
  '2026-12-04-035-translatable-conference-council': translatableConferenceCouncil,
  '2026-12-04-036-translatable-campaign-materials': translatableCampaignMaterials,
  '2026-12-05-037-easy-read-reviews': easyReadReviews,
  '2026-12-05-038-belenios-archives': beleniosArchives,
  '2026-12-05-039-trustee-ceremony': trusteeCeremony,
  '2026-12-05-040-ballot-format': ballotFormat,
  '2026-12-05-041-belenios-ballot-index': beleniosBallotIndex,
  '2026-12-05-042-table-versions': tableVersions,
}
