import { createHash } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { Database, ElectionPhase, Gender } from '../schema'
import { countAndStore, publishBoard, recordElectedCouncilMembers } from '../../app/elections/counting.server'
import { freezeVoterRoll } from '../../app/elections/lifecycle.server'
import { DEFAULT_SHARE_THRESHOLDS, seatsForPopulation } from '../../app/elections/seats'
import { organisationKey } from '../../app/elections/organisations'
import { DEFAULT_RULES } from '../../app/elections/tally'
import { castAndCountDemoBallots, runDemoCeremony, type DemoTrusteeKeys } from './belenios'
import { demoPopulationOf } from './immigrant-shares'
import { seedDemoCmiPollingPlaces } from './polling-places'
import { DEMO_CYCLE_ID } from './registration'
import { demoUserId } from './users'

// Two demo elections: the 2024 CMI election, finished, with its results, its Belenios archive
// (issue #20: encrypted ballots, the commission's threshold key, the count any verifier can redo)
// and seated members; and the 2026 Participatory Council election, open for voting, in which the
// demo voter (Sé) can vote. Deterministic: ids and choices derive from fixed strings; only the
// archive's cryptography (keys, uuid, ciphertexts, proofs) is fresh on every seed.
export const DEMO_CMI_ELECTION = 'demo-election-cmi-2024'
export const DEMO_CPM_ELECTION = 'demo-election-cpm-2026'
const PAST_CYCLE = 'demo-cycle-2024'

type Tx = Transaction<Database>
type Cand = {
  id: string
  name: string
  org?: string
  gender: Gender
  birth: string
  statement: Record<string, string>
}

/**
 * The 2024 CMI election (issue #17): segment A elects immigrant collectives and associations, each
 * represented by an immigrant; segment B organisations that support immigrants, one of them a
 * church mission represented by a Brazilian nun; segment C individuals. `name` is who stands (for an
 * organisation, its representative), `alternate` its alternate representative. Votes are chosen so
 * the count shows the rules at work: 2 seats per segment, then the 2 most voted overall (Wei Chen
 * and Luis Flores, tied at 7 and ordered by age), then gender parity — 3 of 8 elected count towards
 * it, so the lowest-voted man, Luis Flores (an overall seat), gives it to the most voted woman not
 * elected, Irmã Lúcia Ferreira, and becomes segment C's first alternate. Every one of the 8
 * alternates (3 A, 2 B, 3 C) is filled.
 */
const CMI_CANDIDATES: Record<'A' | 'B' | 'C', (Cand & { votes: number; alternate?: string })[]> = {
  A: [
    {
      id: 'demo-cand-a1',
      name: 'Rosa Mamani',
      org: 'Associação de Costureiras Bolivianas',
      alternate: 'Juana Choque',
      gender: 'woman',
      birth: '1975-03-02',
      votes: 9,
      statement: {
        'pt-BR': 'Trabalho digno nas oficinas de costura e acesso à creche.',
        es: 'Trabajo digno en los talleres de costura y acceso a guarderías.',
      },
    },
    {
      id: 'demo-cand-a2',
      name: 'Jean Joseph',
      org: 'Coletivo Haitiano do Glicério',
      alternate: 'Marie-Claire Désir',
      gender: 'man',
      birth: '1982-07-19',
      votes: 8,
      statement: {
        'pt-BR': 'Revalidação de diplomas e cursos de português gratuitos.',
        fr: 'Reconnaissance des diplômes et cours de portugais gratuits.',
        ht: 'Rekonesans diplòm ak kou pòtigè gratis.',
      },
    },
    {
      id: 'demo-cand-a3',
      name: 'Wei Chen',
      org: 'Centro Cultural Chinês da Liberdade',
      alternate: 'Li Na',
      gender: 'man',
      birth: '1969-11-30',
      votes: 7,
      statement: {
        'pt-BR': 'Atendimento em mandarim nos serviços de saúde.',
        zh: '在医疗服务中提供普通话服务。',
      },
    },
    {
      id: 'demo-cand-a4',
      name: 'Amina Diallo',
      org: 'Rede de Mulheres Africanas',
      alternate: 'Fatou Ndiaye',
      gender: 'woman',
      birth: '1990-01-12',
      votes: 4,
      statement: {
        'pt-BR': 'Combate à xenofobia e ao racismo nas escolas.',
        fr: 'Lutter contre la xénophobie et le racisme à l’école.',
      },
    },
    {
      id: 'demo-cand-a5',
      name: 'Yusuf Haddad',
      org: 'Associação Sírio-Brasileira de Refugiados',
      alternate: 'Rania Khoury',
      gender: 'man',
      birth: '1979-06-05',
      votes: 2,
      statement: { 'pt-BR': 'Moradia para famílias refugiadas.', ar: 'السكن للعائلات اللاجئة.' },
    },
    {
      id: 'demo-cand-a6',
      name: 'Daniela Pérez',
      org: 'Coletivo Venezuelano Juntos',
      alternate: 'Andrés Rivas',
      gender: 'woman',
      birth: '1993-04-18',
      votes: 1,
      statement: {
        'pt-BR': 'Acolhida de quem chega pela fronteira norte.',
        es: 'Acogida a quienes llegan por la frontera norte.',
      },
    },
  ],
  B: [
    {
      id: 'demo-cand-b1',
      name: 'Carlos Rojas',
      org: 'Centro de Direitos do Migrante',
      alternate: 'Paula Andrade',
      gender: 'man',
      birth: '1985-04-21',
      votes: 10,
      statement: {
        'pt-BR': 'Regularização migratória sem burocracia.',
        es: 'Regularización migratoria sin burocracia.',
      },
    },
    {
      id: 'demo-cand-b2',
      name: 'Sofia Gutiérrez',
      org: 'Rede de Saúde da Mulher Migrante',
      alternate: 'Camila Torres',
      gender: 'woman',
      birth: '1992-09-09',
      votes: 9,
      statement: { 'pt-BR': 'Saúde da mulher migrante.', es: 'Salud de la mujer migrante.' },
    },
    {
      id: 'demo-cand-b3',
      name: 'Pierre Louis',
      org: 'Associação Empreender Sem Fronteiras',
      alternate: 'Nathalie Jean-Baptiste',
      gender: 'man',
      birth: '1988-02-14',
      votes: 6,
      statement: { 'pt-BR': 'Emprego e empreendedorismo.', fr: 'Emploi et entrepreneuriat.' },
    },
    {
      // A church mission; its representative is Brazilian (segment B need not be immigrants).
      id: 'demo-cand-b4',
      name: 'Irmã Lúcia Ferreira',
      org: 'Missão Acolhida da Paróquia Nossa Senhora da Paz',
      alternate: 'Padre Antônio Souza',
      gender: 'woman',
      birth: '1968-05-04',
      votes: 5,
      statement: {
        'pt-BR': 'Casa de acolhida, aulas de português e orientação jurídica no centro.',
        es: 'Casa de acogida, clases de portugués y orientación jurídica en el centro.',
      },
    },
    {
      id: 'demo-cand-b5',
      name: 'Marcos Lima',
      org: 'Projeto de Extensão Migração e Direitos da Faculdade de Direito',
      alternate: 'Beatriz Campos',
      gender: 'man',
      birth: '1976-08-30',
      votes: 2,
      statement: {
        'pt-BR': 'Atendimento jurídico gratuito por estudantes e professores.',
        en: 'Free legal advice from law students and lecturers.',
      },
    },
  ],
  C: [
    {
      id: 'demo-cand-c1',
      name: 'Kofi Mensah',
      gender: 'man',
      birth: '1977-12-01',
      votes: 11,
      statement: {
        'pt-BR': 'Cultura e esporte nos bairros.',
        en: 'Culture and sport in the neighbourhoods.',
      },
    },
    {
      id: 'demo-cand-c2',
      name: 'Nadia Saleh',
      gender: 'trans_woman',
      birth: '1994-08-08',
      votes: 8,
      statement: {
        'pt-BR': 'Direitos das pessoas LGBTQIA+ migrantes.',
        ar: 'حقوق المهاجرين من مجتمع الميم.',
      },
    },
    {
      id: 'demo-cand-c3',
      name: 'Luis Flores',
      gender: 'man',
      birth: '1981-10-10',
      votes: 7,
      statement: { 'pt-BR': 'Transporte e acesso aos serviços.', es: 'Transporte y acceso a los servicios.' },
    },
    {
      id: 'demo-cand-c4',
      name: 'Ana Quispe',
      gender: 'woman',
      birth: '1987-02-25',
      votes: 4,
      statement: {
        'pt-BR': 'Vagas em creches perto das oficinas.',
        es: 'Plazas en guarderías cerca de los talleres.',
      },
    },
    {
      id: 'demo-cand-c5',
      name: 'Tariq Rahman',
      gender: 'man',
      birth: '1991-06-15',
      votes: 2,
      statement: { 'pt-BR': 'Intérpretes nos postos de saúde.', en: 'Interpreters at health centres.' },
    },
  ],
}

/** The 2018 split the demo follows: seats per segment, alternates per segment, 2 most voted overall. */
const CMI_SEATS = { A: 2, B: 2, C: 2 }
const CMI_ALTERNATES = { A: 3, B: 2, C: 3 }
const CMI_OVERALL_SEATS = 2

const CPM_CANDIDATES: (Cand & { subprefecture: number; user?: string })[] = [
  {
    id: 'demo-cand-se-1',
    name: 'Marie Pierre',
    gender: 'woman',
    birth: '1986-05-05',
    subprefecture: 29,
    user: demoUserId('candidate'),
    statement: {
      'pt-BR': 'Mais vagas em creches no centro e atendimento em crioulo haitiano.',
      ht: 'Plis plas nan kreche nan sant vil la ak sèvis an kreyòl ayisyen.',
    },
  },
  {
    id: 'demo-cand-se-2',
    name: 'José Condori',
    gender: 'man',
    birth: '1972-03-17',
    subprefecture: 29,
    statement: {
      'pt-BR': 'Feiras culturais e apoio aos comerciantes imigrantes.',
      es: 'Ferias culturales y apoyo a los comerciantes inmigrantes.',
    },
  },
  {
    id: 'demo-cand-se-3',
    name: 'Fatima Kassab',
    gender: 'woman',
    birth: '1990-11-11',
    subprefecture: 29,
    statement: { 'pt-BR': 'Acolhimento de famílias refugiadas.', ar: 'استقبال العائلات اللاجئة.' },
  },
  {
    id: 'demo-cand-mo-1',
    name: 'Mei Zhang',
    gender: 'woman',
    birth: '1983-01-23',
    subprefecture: 18,
    statement: { 'pt-BR': 'Segurança e iluminação nas ruas do Brás.', zh: '布拉斯街道的安全与照明。' },
  },
  {
    id: 'demo-cand-mo-2',
    name: 'Luis Quispe',
    gender: 'man',
    birth: '1979-07-07',
    subprefecture: 18,
    statement: {
      'pt-BR': 'Fiscalização do trabalho nas oficinas.',
      es: 'Fiscalización del trabajo en los talleres.',
    },
  },
]

const BASE_RULES = { ...DEFAULT_RULES, drawSeed: 'DOC-2024-11-01-sorteio-publico' }

/**
 * `verifiable: false` seeds the 2024 election with plaintext ballots, as before issue #20 (for a
 * database without migrations 038–039). Returns the demo trustees' keys of the verifiable one
 * (the caller may write them under the data directory).
 */
export async function seedDemoElections(
  trx: Tx,
  { verifiable = true } = {},
): Promise<DemoTrusteeKeys | null> {
  const keys = await seedFinishedCmiElection(trx, verifiable)
  await seedOpenCpmElection(trx)
  return keys
}

const CMI_DESCRIPTION = {
  'pt-BR':
    'Sociedade civil: 8 cadeiras e 8 suplentes. Segmento A — coletivos e associações de imigrantes, representados por imigrantes; segmento B — organizações de apoio a imigrantes (a representante de uma delas é brasileira); segmento C — imigrantes em nome próprio. Regra de 2018: 2 cadeiras por segmento e as 2 mais votadas no geral, com paridade de gênero (ao menos metade mulheres). Resultado oficial publicado no Diário Oficial.',
  es: 'Sociedad civil: 8 puestos y 8 suplentes. Segmento A: colectivos y asociaciones de inmigrantes, representados por inmigrantes; segmento B: organizaciones de apoyo a inmigrantes (la representante de una de ellas es brasileña); segmento C: inmigrantes en nombre propio. Regla de 2018: 2 puestos por segmento y los 2 más votados en general, con paridad de género (al menos la mitad mujeres). Resultado oficial publicado en el Diário Oficial.',
  en: 'Civil society: 8 seats and 8 alternates. Segment A: immigrant collectives and associations, represented by immigrants; segment B: organisations that support immigrants (one is represented by a Brazilian); segment C: immigrants standing in their own name. 2018 rule: 2 seats per segment and the 2 most voted overall, with gender parity (at least half women). Official result published in the Official Gazette (Diário Oficial).',
  fr: 'Société civile : 8 sièges et 8 suppléants. Segment A : collectifs et associations d’immigrés, représentés par des immigrés ; segment B : organisations de soutien aux immigrés (l’une est représentée par une Brésilienne) ; segment C : personnes immigrées en leur nom propre. Règle de 2018 : 2 sièges par segment et les 2 plus votés au total, avec parité de genre (au moins la moitié de femmes). Résultat officiel publié au Journal officiel (Diário Oficial).',
  ht: 'Sosyete sivil: 8 plas ak 8 ranplasan. Segman A: kolektif ak asosyasyon imigran, se imigran ki reprezante yo; segman B: òganizasyon ki sipòte imigran (se yon brezilyen ki reprezante youn ladan yo); segman C: imigran nan pwòp non yo. Règ 2018: 2 plas pou chak segman ak 2 moun ki plis vòt an jeneral, ak egalite ant sèks (omwen mwatye fanm). Rezilta ofisyèl la pibliye nan Jounal Ofisyèl (Diário Oficial).',
  ar: 'المجتمع المدني: 8 مقاعد و8 بدلاء. الفئة A: تجمّعات وجمعيات المهاجرين، يمثّلها مهاجرون؛ الفئة B: منظمات تدعم المهاجرين (تمثّل إحداها برازيلية)؛ الفئة C: مهاجرون يترشّحون بأسمائهم. قاعدة 2018: مقعدان لكل فئة والمقعدان الأكثر أصواتًا عمومًا، مع التكافؤ بين الجنسين (النصف على الأقل نساء). النتيجة الرسمية منشورة في الجريدة الرسمية (Diário Oficial).',
  zh: '民间社会：8 个席位和 8 名候补。A 类：移民团体和移民协会，由移民代表；B 类：支持移民的组织（其中一个由巴西人代表）；C 类：以个人名义参选的移民。2018 年规则：每类 2 个席位，另加总得票最多的 2 人，并实行性别均等（至少一半为女性）。正式结果刊登于《政府公报》(Diário Oficial)。',
}

async function seedFinishedCmiElection(trx: Tx, verifiable: boolean): Promise<DemoTrusteeKeys | null> {
  await trx
    .insertInto('census_cycles')
    .values({
      id: PAST_CYCLE,
      name: 'Eleição CMI 2024',
      election_day: '2024-12-08',
      min_voter_age: 16,
      min_candidate_age: 18,
      proof_of_residence_required: 0,
      document_retention_days: 30,
      is_current: 0,
      created_at: '2024-08-01T12:00:00.000Z',
    })
    .execute()
  // 40 approved voters of 2024, kept as bare census entries (no names: an old, closed census).
  const voters = Array.from({ length: 40 }, (_, i) => ({
    id: `demo-reg24-${String(i).padStart(3, '0')}`,
    protocol: `CMI-2024-DEMO-${String(i).padStart(4, '0').replace(/0/g, 'Z').replace(/1/g, 'Y')}`,
    cycle_id: PAST_CYCLE,
    user_id: null,
    channel: 'self' as const,
    registered_by: null,
    full_name: '—',
    social_name: null,
    birth_date: null,
    nationalities: JSON.stringify(['BO']),
    naturalised: 0,
    gender: 'woman' as Gender,
    subprefecture_id: [29, 18, 13, 16][i % 4],
    document_type: 'crnm' as const,
    document_number: `DEMO24${String(100 + i)}`,
    phone: null,
    email: null,
    preferred_language: 'es',
    status: 'approved' as const,
    decision_reason: null,
    decision_note: null,
    decided_by: null,
    decided_at: '2024-10-01T12:00:00.000Z',
    duplicate_key: `demo24|${i}`,
    consent_at: '2024-09-01T12:00:00.000Z',
    created_at: '2024-09-01T12:00:00.000Z',
    updated_at: '2024-09-01T12:00:00.000Z',
  }))
  await trx.insertInto('voter_registrations').values(voters).execute()

  const at = '2024-12-20T12:00:00.000Z'
  await trx
    .insertInto('elections')
    .values({
      id: DEMO_CMI_ELECTION,
      body: 'cmi',
      cycle_id: PAST_CYCLE,
      title_i18n: JSON.stringify({
        'pt-BR': 'Eleição do Conselho Municipal de Imigrantes 2024',
        es: 'Elección del Consejo Municipal de Inmigrantes 2024',
        en: 'Municipal Council of Immigrants election 2024',
        fr: 'Élection du Conseil municipal des immigrés 2024',
        ht: 'Eleksyon Konsèy Minisipal Imigran 2024',
        ar: 'انتخابات المجلس البلدي للمهاجرين 2024',
        zh: '2024年移民市政委员会选举',
      }),
      description_i18n: JSON.stringify(CMI_DESCRIPTION),
      // The commission's key ceremony comes first (before voting: see below).
      phase: 'campaign',
      candidacy_deadline: '2024-10-15T23:59:59.000Z',
      // The commission's calendar: five days to appeal a rejection, as a short edital might set.
      candidacy_appeal_days: 5,
      voting_starts: '2024-12-08T11:00:00.000Z',
      voting_ends: '2024-12-08T20:00:00.000Z',
      gazette_reference: null,
      rules: JSON.stringify({ ...BASE_RULES, overallSeats: CMI_OVERALL_SEATS }),
      results: null,
      created_at: '2024-09-01T12:00:00.000Z',
      updated_at: at,
    })
    .execute()
  await trx
    .insertInto('contests')
    .values(
      (['A', 'B', 'C'] as const).map((segment, i) => ({
        id: `demo-cmi-${segment}`,
        election_id: DEMO_CMI_ELECTION,
        kind: 'segment' as const,
        segment,
        subprefecture_id: null,
        seats: CMI_SEATS[segment],
        alternates: CMI_ALTERNATES[segment],
        position: i + 1,
      })),
    )
    .execute()
  for (const segment of ['A', 'B', 'C'] as const) {
    await trx
      .insertInto('candidacies')
      .values(
        CMI_CANDIDATES[segment].map((c) => {
          // A and B elect organisations (named with their representative), C individuals.
          const kind = segment === 'C' ? 'person' : 'organisation'
          const row = candidacyRow(
            c,
            DEMO_CMI_ELECTION,
            `demo-cmi-${segment}`,
            kind,
            null,
            '2024-10-01T12:00:00.000Z',
          )
          if (kind === 'person') return row
          // No proofs or representatives' documents: the election is closed and their retention passed.
          return {
            ...row,
            representative_name: c.name,
            alternate_representative_name: c.alternate ?? null,
            organisation_key: organisationKey(c.org ?? ''),
          }
        }),
      )
      .execute()
  }
  await freezeVoterRoll(trx, { electionId: DEMO_CMI_ELECTION, cycleId: PAST_CYCLE })
  // Both polling places; the paper place's count (typed that evening) is counted beside the rest.
  await seedDemoCmiPollingPlaces(trx)

  // 32 of the 40 voted (every fourth at the CRAI booth); in each segment voter i chose the i-th
  // vote of the candidates' tallies (CMI_CANDIDATES), blank when there are fewer votes than voters.
  const voted = voters.slice(0, 32)
  const pools = Object.fromEntries(
    SEGMENTS.map((s) => [s, CMI_CANDIDATES[s].flatMap((c) => Array<string>(c.votes).fill(c.id))]),
  )
  const choiceOf = (segment: (typeof SEGMENTS)[number], i: number) => pools[segment]![i] ?? 'blank'
  const keys = verifiable
    ? await voteAndCountVerifiable(trx, voted, choiceOf)
    : await voteAndCountPlain(trx, voted, choiceOf)
  await trx
    .insertInto('voter_participation')
    .values(
      voted.map((v, i) => ({
        election_id: DEMO_CMI_ELECTION,
        registration_id: v.id,
        channel: i % 4 === 0 ? ('in_person' as const) : ('online' as const),
      })),
    )
    .execute()
  await trx
    .updateTable('elections')
    .set({ phase: 'closed', gazette_reference: 'DOC 20/12/2024, p. 31' })
    .where('id', '=', DEMO_CMI_ELECTION)
    .execute()
  await recordElectedCouncilMembers(trx, { electionId: DEMO_CMI_ELECTION, termStarts: '2025-01-15' })
  return keys
}

const SEGMENTS = ['A', 'B', 'C'] as const
type ChoiceOf = (segment: (typeof SEGMENTS)[number], voter: number) => string

const setPhase = (trx: Tx, phase: ElectionPhase) =>
  trx.updateTable('elections').set({ phase }).where('id', '=', DEMO_CMI_ELECTION).execute()

/**
 * Issue #20: the verifiable election. The commission's key ceremony before voting; every
 * electronic ballot encrypted (by the server, for the voter) and cast into the Belenios archive;
 * the count is the archive's Result plus the paper count, through the seat rules. No plaintext
 * ballot, no tracking code: a voter's check is their ballot's fingerprint in the archive.
 */
async function voteAndCountVerifiable(
  trx: Tx,
  voted: { id: string }[],
  choiceOf: ChoiceOf,
): Promise<DemoTrusteeKeys> {
  // Migration 040's column; the plaintext path leaves its default ('plain') or works without it.
  await trx
    .updateTable('elections')
    .set({ ballot_format: 'belenios' })
    .where('id', '=', DEMO_CMI_ELECTION)
    .execute()
  const ceremony = await runDemoCeremony(trx, {
    electionId: DEMO_CMI_ELECTION,
    startedAt: new Date('2024-11-20T13:00:00.000Z'),
  })
  await setPhase(trx, 'voting_open')
  const { counts, archives } = await castAndCountDemoBallots(trx, {
    electionId: DEMO_CMI_ELECTION,
    parameters: ceremony.parameters,
    members: ceremony.members,
    votingStarts: new Date('2024-12-08T11:00:00.000Z'),
    votes: voted.map((v, i) => ({
      registrationId: v.id,
      choices: Object.fromEntries(SEGMENTS.map((s) => [`demo-cmi-${s}`, choiceOf(s, i)])),
    })),
  })
  // As advancePhase counts a 'belenios' election: the archives' counts plus the paper count, and
  // no board of plaintext ballots (the public archive is the board).
  await setPhase(trx, 'counted')
  await countAndStore(trx, DEMO_CMI_ELECTION, counts)
  return { electionId: DEMO_CMI_ELECTION, ...ceremony, archives }
}

/**
 * The election as it was before issue #20 (for databases without migrations 038 and 039): each
 * ballot row one contest choice, in no particular order, tracking codes and the bulletin board.
 */
async function voteAndCountPlain(trx: Tx, voted: { id: string }[], choiceOf: ChoiceOf): Promise<null> {
  const ballots: Database['ballots'][] = []
  for (const segment of SEGMENTS) {
    for (let i = 0; i < voted.length; i++) {
      const choice = choiceOf(segment, i)
      ballots.push({
        id: b32(hash(`demo-ballot-${segment}-${i}`), 26),
        election_id: DEMO_CMI_ELECTION,
        contest_id: `demo-cmi-${segment}`,
        choice: choice === 'blank' ? 'blank' : 'candidate',
        candidacy_id: choice === 'blank' ? null : choice,
      })
    }
  }
  await trx.insertInto('ballots').values(ballots).execute()
  await trx
    .insertInto('tracking_codes')
    .values(voted.map((_, i) => ({ code: demoCode(i), election_id: DEMO_CMI_ELECTION })))
    .execute()
  await setPhase(trx, 'counted')
  await countAndStore(trx, DEMO_CMI_ELECTION)
  await publishBoard(trx, DEMO_CMI_ELECTION)
  return null
}

const hash = (s: string) => createHash('sha256').update(s).digest()
const b32 = (bytes: Buffer, n: number) => {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567'
  return [...bytes.subarray(0, n)].map((b) => alphabet[b % 32]).join('')
}
const demoCode = (i: number) =>
  b32(hash(`demo-code-${i}`), 16)
    .toUpperCase()
    .match(/.{4}/g)!
    .join('-')

/**
 * The open demo election's voting window, relative to the day of seeding (issue #17: votes are
 * refused outside it, and the close is automatic): opened a week before, closing 30 days after,
 * 08:00–17:00 São Paulo time (UTC−3). Deterministic within a day; never expires during tests.
 */
export function demoCpmVotingWindow(seededAt: Date = new Date()): { starts: string; ends: string } {
  const day = Date.UTC(seededAt.getUTCFullYear(), seededAt.getUTCMonth(), seededAt.getUTCDate())
  const DAY = 86_400_000
  return {
    starts: new Date(day - 7 * DAY + 11 * 3_600_000).toISOString(),
    ends: new Date(day + 30 * DAY + 20 * 3_600_000).toISOString(),
  }
}

async function seedOpenCpmElection(trx: Tx) {
  const window = demoCpmVotingWindow()
  await trx
    .insertInto('elections')
    .values({
      id: DEMO_CPM_ELECTION,
      body: 'cpm',
      cycle_id: DEMO_CYCLE_ID,
      title_i18n: JSON.stringify({
        'pt-BR': 'Conselhos Participativos 2026 — cadeiras de imigrantes',
        es: 'Consejos Participativos 2026 — escaños de inmigrantes',
        en: 'Participatory Councils 2026 — immigrant seats',
        fr: 'Conseils participatifs 2026 — sièges des immigrés',
        ht: 'Konsèy Patisipatif 2026 — plas pou imigran',
        ar: 'المجالس التشاركية 2026 — مقاعد المهاجرين',
        zh: '2026年参与式委员会——移民席位',
      }),
      description_i18n: JSON.stringify({
        'pt-BR':
          'Cada eleitor vota na sua subprefeitura. Voto secreto, pela internet ou nos locais de votação.',
        es: 'Cada elector vota en su subprefectura. Voto secreto, por internet o en los locales de votación.',
      }),
      phase: 'voting_open',
      candidacy_deadline: '2026-10-15T23:59:59.000Z',
      // The general term of an administrative appeal (Lei 9.784/1999, art. 59): ten days.
      candidacy_appeal_days: 10,
      voting_starts: window.starts,
      voting_ends: window.ends,
      gazette_reference: null,
      rules: JSON.stringify({ ...DEFAULT_RULES, drawSeed: 'DOC-2026-11-01-sorteio-publico' }),
      results: null,
      created_at: '2026-09-01T12:00:00.000Z',
      updated_at: '2026-11-20T11:00:00.000Z',
    })
    .execute()
  const subs = await trx.selectFrom('subprefectures').select(['id', 'name']).orderBy('name').execute()
  await trx
    .insertInto('contests')
    .values(
      subs.map((s, i) => ({
        id: `demo-cpm-${s.id}`,
        election_id: DEMO_CPM_ELECTION,
        kind: 'subprefecture' as const,
        segment: null,
        subprefecture_id: s.id,
        // The illustrative figures of db/seed/immigrant-shares.ts: 38 seats in all, as in 2019.
        seats: seatsForPopulation(demoPopulationOf(s.name), DEFAULT_SHARE_THRESHOLDS),
        alternates: 1,
        position: i + 1,
      })),
    )
    .execute()
  await trx
    .insertInto('candidacies')
    .values(
      CPM_CANDIDATES.map((c) =>
        candidacyRow(
          c,
          DEMO_CPM_ELECTION,
          `demo-cpm-${c.subprefecture}`,
          'person',
          c.user ?? null,
          '2026-10-01T12:00:00.000Z',
        ),
      ),
    )
    .execute()
  await freezeVoterRoll(trx, { electionId: DEMO_CPM_ELECTION, cycleId: DEMO_CYCLE_ID })
}

function candidacyRow(
  c: Cand,
  electionId: string,
  contestId: string,
  kind: 'person' | 'organisation',
  userId: string | null,
  at: string,
) {
  return {
    id: c.id,
    election_id: electionId,
    contest_id: contestId,
    user_id: userId,
    kind,
    display_name: c.name,
    organisation_name: kind === 'organisation' ? (c.org ?? null) : null,
    representative_name: null,
    gender: c.gender,
    birth_date: c.birth,
    statement_i18n: JSON.stringify(c.statement),
    photo_key: null,
    status: 'accepted' as const,
    decision_reason: null,
    appeal_text: null,
    created_at: at,
    updated_at: at,
  }
}

/**
 * The demo's poll worker (issue #16.13): the secretariat account, named by the commission for the
 * open election only. No device is enrolled by the seed (a device token is a secret): the commission
 * enrols a browser on the election's "Poll workers and devices" page (README).
 */
export async function seedDemoPollWorkers(trx: Tx): Promise<void> {
  await trx
    .insertInto('election_poll_workers')
    .values({
      election_id: DEMO_CPM_ELECTION,
      user_id: 'demo-secretariat',
      named_by: 'demo-electoral-commission',
      named_at: '2026-11-19T12:00:00.000Z',
    })
    .execute()
}
