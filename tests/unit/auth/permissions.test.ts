import { describe, expect, it } from 'vitest'
import { ACTIONS, can, type Action, type Actor } from '../../../app/auth/permissions'
import { ROLES, type Role } from '../../../db/schema'

// The matrix is written out by hand so a change to the permission module must change it too.
// Columns: anonymous, then each role alone (plus 'resident', as every account has it).
type Who = 'anonymous' | Role
const ALL: Who[] = ['anonymous', ...ROLES]
const SIGNED_IN: Who[] = [...ROLES]

const EXPECTED: Record<Action, Who[]> = {
  'home.view': ALL,
  'easyRead.view': ALL,
  'account.signUp': ['anonymous'],
  'account.logIn': ALL,
  'account.view': SIGNED_IN,
  'account.changePassword': SIGNED_IN,
  'account.notices': SIGNED_IN,
  'privacy.exportOwn': SIGNED_IN,
  'privacy.eraseOwn': SIGNED_IN,
  'users.list': ['admin'],
  'users.manageRoles': ['admin'],
  'audit.read': ['admin'],
  'outbox.read': ['admin'],
  'registration.selfRegister': SIGNED_IN,
  'registration.checkStatus': ALL,
  'registration.assist': ['secretariat'],
  'registration.claim': ALL,
  'registration.linkClaim': SIGNED_IN,
  'registration.issueClaimCode': ['secretariat'],
  'registration.createAccount': ['secretariat'],
  'registration.queue': ['secretariat', 'electoral_commission'],
  'registration.decide': ['secretariat'],
  'registration.viewDocument': ['secretariat'],
  'registration.import': ['secretariat'],
  'registration.reviewDuplicates': ['secretariat', 'electoral_commission'],
  'registration.resolveDuplicates': ['secretariat'],
  'census.configure': ['electoral_commission'],
  'census.export': ['electoral_commission'],
  'census.closeCycle': ['secretariat'],
  'census.stats': ALL,
  'elections.view': ALL,
  'elections.apply': SIGNED_IN,
  'elections.vote': SIGNED_IN,
  'elections.manage': ['electoral_commission'],
  'elections.viewCandidacyProof': ['electoral_commission'],
  // Without the election's named workers as the resource, nobody works a polling station.
  'elections.pollWork': [],
  'elections.pollStation': SIGNED_IN,
  'elections.managePollWorkers': ['electoral_commission'],
  'elections.manageTrustees': ['electoral_commission'],
  'elections.trustee': [],
  'elections.trusteeUpload': SIGNED_IN,
  'elections.enrolBoothDevices': ['electoral_commission'],
  'elections.managePollingPlaces': ['electoral_commission'],
  'elections.enterPaperCount': ['electoral_commission'],
  'elections.booth': ALL,
  'conference.view': ALL,
  'conference.propose': SIGNED_IN,
  'conference.support': SIGNED_IN,
  'conference.comment': SIGNED_IN,
  'conference.vote': ['delegate'],
  'conference.manage': ['secretariat'],
  'consultations.view': ALL,
  'consultations.contribute': SIGNED_IN,
  'consultations.support': SIGNED_IN,
  'consultations.report': SIGNED_IN,
  'consultations.moderate': ['moderator', 'secretariat'],
  'consultations.answer': ['secretariat'],
  'consultations.manage': ['secretariat'],
  'plan.view': ALL,
  'plan.reportProgress': ['plan_reporter', 'secretariat'],
  'plan.review': ['secretariat'],
  'plan.manage': ['secretariat'],
  'council.view': ALL,
  'council.manage': ['secretariat'],
  'council.workspace': ['counsellor'],
  // Without the body's serving members as the resource, nobody acts on a body as its counsellor.
  'council.counsel': [],
  'translations.work': ['secretariat', 'translator'],
  'translations.review': ['secretariat', 'translator'],
  // Without the language and the actor's languages as the resource, nobody acts on a text.
  'translations.inLanguage': [],
  'translations.manage': ['admin'],
  'easyRead.reviewList': ['secretariat', 'translator'],
  // Without the language, the actor's languages and the last reviewer, nobody records a review.
  'easyRead.review': [],
}

const actorFor = (who: Who): Actor => (who === 'anonymous' ? null : { id: `u-${who}`, roles: [who] })

describe('permission matrix', () => {
  it('covers every action the module defines', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort())
  })

  for (const action of ACTIONS) {
    for (const who of ALL) {
      const allowed = EXPECTED[action].includes(who)
      it(`${who} ${allowed ? 'may' : 'may not'} ${action}`, () => {
        expect(can(actorFor(who), action)).toBe(allowed)
      })
    }
  }

  it('only the named poll workers of an election work its polling station, whatever their roles', () => {
    const named: Actor = { id: 'u-named', roles: ['resident'] }
    const staff: Actor = { id: 'u-staff', roles: ['secretariat', 'electoral_commission', 'admin'] }
    const resource = { pollWorkerIds: ['u-named'] }
    expect(can(named, 'elections.pollWork', resource)).toBe(true)
    expect(can(staff, 'elections.pollWork', resource)).toBe(false)
    expect(can(null, 'elections.pollWork', resource)).toBe(false)
    expect(can(named, 'elections.pollWork', { pollWorkerIds: [] })).toBe(false)
    expect(can(named, 'elections.pollWork', { pollWorkerIds: 'u-named' })).toBe(false)
  })

  it('only the members named in the key ceremony of an election act as its trustees (#20)', () => {
    const member: Actor = { id: 'u-member', roles: ['electoral_commission'] }
    const other: Actor = { id: 'u-other', roles: ['electoral_commission', 'admin'] }
    const resource = { trusteeUserIds: ['u-member'] }
    expect(can(member, 'elections.trustee', resource)).toBe(true)
    expect(can(other, 'elections.trustee', resource)).toBe(false)
    expect(can(null, 'elections.trustee', resource)).toBe(false)
    expect(can(member, 'elections.trustee', { trusteeUserIds: [] })).toBe(false)
    expect(can(member, 'elections.trustee', { trusteeUserIds: 'u-member' })).toBe(false)
    expect(can(member, 'elections.trustee')).toBe(false)
  })

  it('only a counsellor serving on the body acts on it as its counsellor', () => {
    const member: Actor = { id: 'u-member', roles: ['resident', 'counsellor'] }
    const roleOnly: Actor = { id: 'u-other', roles: ['counsellor'] }
    const linkedWithoutRole: Actor = { id: 'u-member', roles: ['resident', 'secretariat'] }
    const body = { servingMemberUserIds: ['u-member'] }
    expect(can(member, 'council.counsel', body)).toBe(true)
    expect(can(roleOnly, 'council.counsel', body)).toBe(false)
    expect(can(linkedWithoutRole, 'council.counsel', body)).toBe(false)
    expect(can(null, 'council.counsel', body)).toBe(false)
    expect(can(member, 'council.counsel', { servingMemberUserIds: [] })).toBe(false)
    expect(can(member, 'council.counsel', { servingMemberUserIds: 'u-member' })).toBe(false)
  })

  it('a translator acts only in their languages; the secretariat in every language', () => {
    const translator: Actor = { id: 'u-t', roles: ['resident', 'translator'] }
    const secretariat: Actor = { id: 'u-s', roles: ['secretariat'] }
    const resident: Actor = { id: 'u-r', roles: ['resident'] }
    const ht = { language: 'ht', languages: ['ht', 'fr'] }
    expect(can(translator, 'translations.inLanguage', ht)).toBe(true)
    expect(can(translator, 'translations.inLanguage', { language: 'ar', languages: ['ht', 'fr'] })).toBe(
      false,
    )
    expect(can(translator, 'translations.inLanguage', { language: 'ht', languages: [] })).toBe(false)
    expect(can(secretariat, 'translations.inLanguage', { language: 'ar', languages: [] })).toBe(true)
    expect(can(resident, 'translations.inLanguage', { language: 'ht', languages: ['ht'] })).toBe(false)
    expect(can(null, 'translations.inLanguage', ht)).toBe(false)
    expect(can(translator, 'translations.inLanguage', { language: 'ht', languages: 'ht' })).toBe(false)
  })

  it('an easy-read guide is reviewed by a holder of its language, never by its last reviewer twice', () => {
    const translator: Actor = { id: 'u-t', roles: ['resident', 'translator'] }
    const secretariat: Actor = { id: 'u-s', roles: ['secretariat'] }
    const resident: Actor = { id: 'u-r', roles: ['resident'] }
    const ht = (lastReviewerId: string | null) => ({
      language: 'ht',
      languages: ['ht', 'fr'],
      lastReviewerId,
    })
    expect(can(translator, 'easyRead.review', ht(null))).toBe(true)
    expect(can(translator, 'easyRead.review', ht('u-other'))).toBe(true)
    // The latest review is theirs: someone else records the next one.
    expect(can(translator, 'easyRead.review', ht('u-t'))).toBe(false)
    expect(can(secretariat, 'easyRead.review', { ...ht('u-s'), languages: [] })).toBe(false)
    expect(
      can(secretariat, 'easyRead.review', { language: 'ar', languages: [], lastReviewerId: 'u-t' }),
    ).toBe(true)
    expect(
      can(translator, 'easyRead.review', { language: 'ar', languages: ['ht'], lastReviewerId: null }),
    ).toBe(false)
    expect(
      can(resident, 'easyRead.review', { language: 'ht', languages: ['ht'], lastReviewerId: null }),
    ).toBe(false)
    expect(can(null, 'easyRead.review', ht(null))).toBe(false)
    // Without the last reviewer (not even null), the resource is not one: refused.
    expect(can(translator, 'easyRead.review', { language: 'ht', languages: ['ht'] })).toBe(false)
    expect(can(translator, 'easyRead.review', { ...ht(null), lastReviewerId: 7 })).toBe(false)
  })

  it('a person with several roles gets the union of their permissions', () => {
    const actor: Actor = { id: 'x', roles: ['resident', 'secretariat'] }
    expect(can(actor, 'registration.decide')).toBe(true)
    expect(can(actor, 'audit.read')).toBe(false)
  })
})
