import type { CampaignStatus, CampaignTheme, IndicatorStatus, Language, ProposalStatus } from '../db/schema'
import { THEMATIC_AXES } from '../db/schema'
import { originalContent } from '../app/i18n/content'
import type { DB } from '../app/lib/db.server'
import { searchable } from '../app/lib/search'

// The data behind two public pages of `npm run bench` (bench/run.ts): a conference edition with
// 2,000 proposals over the 8 thematic axes (conference_proposals_page_rps) and a Municipal Plan in
// force shaped like São Paulo's (8 axes, ~80 actions, their indicators and up to seven quarters
// of monitoring; plan_dashboard_rps). Rows go in through Kysely in one transaction each, deterministic
// (a fixed pseudo-random sequence), valid against db/schema.ts and the migrations' constraints.
// tests/integration/bench/public-pages-data.test.ts loads both and reads them as the pages do.

/** A fixed sequence (the same LCG as the rest of the bench): the same data on every run. */
function sequence(seed: number) {
  let s = seed
  const next = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  }
}

type Axis = (typeof THEMATIC_AXES)[number]
const chunks = <T>(xs: T[], n: number) =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n))

// ---------- conference ----------

export const BENCH_EDITION = 'bench-conference'
// Short ids, as createEdition's newId() makes them (the list's filter takes an axis id of at most 40
// characters and ignores a longer one).
export const conferenceAxisId = (axis: Axis) => `bench-axis-${THEMATIC_AXES.indexOf(axis) + 1}`
/** The axis the bench filters on, and what the list's filter form sends for "its proposals that
 * mention moradia" (every field; "any" is an empty value). */
export const PROPOSALS_AXIS = conferenceAxisId('social_assistance_housing')
export const PROPOSALS_FILTERED_PATH = `/conference/${BENCH_EDITION}/proposals?q=moradia&axis=${PROPOSALS_AXIS}&origin=&status=`

// Per axis: subjects in Portuguese and Spanish (most proposals), the rest of the phrase is composed.
const SUBJECTS: Record<Axis, [string, string][]> = {
  participation: [
    [
      'cadeiras de imigrantes no Conselho Participativo',
      'asientos de inmigrantes en el Consejo Participativo',
    ],
    ['audiências públicas com tradução simultânea', 'audiencias públicas con traducción simultánea'],
    ['formação de lideranças imigrantes', 'formación de liderazgos inmigrantes'],
    ['voto de imigrantes nos conselhos municipais', 'voto de inmigrantes en los consejos municipales'],
    ['orçamento participativo nas subprefeituras', 'presupuesto participativo en las subprefecturas'],
  ],
  social_assistance_housing: [
    ['moradia para famílias imigrantes', 'vivienda para familias inmigrantes'],
    ['vagas em centros de acolhida', 'plazas en centros de acogida'],
    ['aluguel social e moradia provisória', 'alquiler social y vivienda provisoria'],
    ['acesso ao Cadastro Único e ao Bolsa Família', 'acceso al Catastro Único y a la Bolsa Familia'],
    ['moradia digna nas ocupações do centro', 'vivienda digna en las ocupaciones del centro'],
    ['atendimento nos CRAS com intérpretes', 'atención en los CRAS con intérpretes'],
  ],
  cultural_diversity: [
    ['festivais de culturas imigrantes', 'festivales de culturas inmigrantes'],
    ['editais de cultura para coletivos imigrantes', 'convocatorias culturales para colectivos inmigrantes'],
    ['bibliotecas com acervo em várias línguas', 'bibliotecas con libros en varios idiomas'],
    ['feiras gastronômicas nas praças', 'ferias gastronómicas en las plazas'],
  ],
  human_rights: [
    ['combate à xenofobia nas escolas e nos serviços', 'combate a la xenofobia en escuelas y servicios'],
    ['canal de denúncia de discriminação', 'canal de denuncia de discriminación'],
    ['regularização migratória e documentação', 'regularización migratoria y documentación'],
    ['defensoria pública para imigrantes', 'defensoría pública para inmigrantes'],
    ['combate ao trabalho análogo à escravidão', 'combate al trabajo esclavo'],
  ],
  women_lgbti: [
    [
      'atendimento a mulheres imigrantes em situação de violência',
      'atención a mujeres inmigrantes en situación de violencia',
    ],
    ['casas de acolhida para pessoas LGBTI imigrantes', 'casas de acogida para personas LGBTI inmigrantes'],
    ['creches para mães imigrantes que trabalham', 'guarderías para madres inmigrantes que trabajan'],
    ['saúde sexual e reprodutiva com intérpretes', 'salud sexual y reproductiva con intérpretes'],
  ],
  decent_work: [
    ['cursos de qualificação profissional', 'cursos de calificación profesional'],
    ['revalidação de diplomas', 'revalidación de títulos'],
    ['fiscalização das oficinas de costura', 'fiscalización de los talleres de costura'],
    ['microcrédito para empreendedores imigrantes', 'microcrédito para emprendedores inmigrantes'],
    ['intermediação de emprego no CATe', 'intermediación laboral en el CATe'],
  ],
  education: [
    ['cursos de português para adultos', 'cursos de portugués para adultos'],
    ['matrícula de crianças imigrantes sem documentos', 'matrícula de niños inmigrantes sin documentos'],
    ['formação de professores em educação intercultural', 'formación docente en educación intercultural'],
    ['acesso de imigrantes à universidade', 'acceso de inmigrantes a la universidad'],
    ['EJA com turmas no período noturno', 'EJA con clases nocturnas'],
  ],
  health_leisure_sport: [
    ['atendimento nas UBS com mediadores culturais', 'atención en las UBS con mediadores culturales'],
    ['saúde mental para refugiados', 'salud mental para refugiados'],
    ['campeonatos esportivos entre comunidades', 'campeonatos deportivos entre comunidades'],
    ['cartão SUS para quem acaba de chegar', 'tarjeta SUS para quien acaba de llegar'],
  ],
}
const VERBS: [string, string][] = [
  ['Ampliar', 'Ampliar'],
  ['Garantir', 'Garantizar'],
  ['Criar', 'Crear'],
  ['Fortalecer', 'Fortalecer'],
  ['Regulamentar', 'Reglamentar'],
  ['Divulgar em várias línguas', 'Difundir en varios idiomas'],
]
const WHERE: [string, string][] = [
  ['na zona leste', 'en la zona este'],
  ['no centro', 'en el centro'],
  ['na zona norte', 'en la zona norte'],
  ['em todas as subprefeituras', 'en todas las subprefecturas'],
  ['na zona sul', 'en la zona sur'],
  ['no Brás e no Pari', 'en Brás y Pari'],
]
const WHY: [string, string][] = [
  [
    'Hoje muitas famílias não conseguem atendimento por causa da língua e da falta de informação.',
    'Hoy muchas familias no consiguen atención por el idioma y la falta de información.',
  ],
  [
    'A proposta foi discutida na conferência preparatória e tem apoio de vários coletivos.',
    'La propuesta fue discutida en la conferencia preparatoria y tiene apoyo de varios colectivos.',
  ],
  [
    'É preciso orçamento próprio e metas anuais acompanhadas pelo Conselho.',
    'Se necesita presupuesto propio y metas anuales seguidas por el Consejo.',
  ],
]
// Proposals written in the other languages: one per axis and language, in the axes' order.
const OTHER: Record<'fr' | 'en' | 'ht' | 'ar' | 'zh', string[]> = {
  fr: [
    'Des sièges pour les immigrés dans les conseils',
    'Logement social pour les familles immigrées',
    'Une fête des cultures dans chaque quartier',
    'Lutter contre la xénophobie dans les services publics',
    'Protéger les femmes immigrées contre la violence',
    'Reconnaître les diplômes obtenus à l’étranger',
    'Cours de portugais le soir pour les adultes',
    'Des médiateurs culturels dans les centres de santé',
  ],
  en: [
    'Interpreters at every public hearing',
    'Emergency housing for newly arrived families',
    'Grants for immigrant cultural groups',
    'A hotline to report discrimination',
    'Shelters for LGBTI immigrants',
    'Job placement for refugees',
    'Enrol immigrant children without documents',
    'Mental health care for refugees',
  ],
  ht: [
    'Plis plas pou imigran nan konsèy yo',
    'Lojman pou fanmi imigran yo',
    'Fèt kilti imigran nan chak katye',
    'Goumen kont ksenofobi nan lekòl yo',
    'Pwoteje fanm imigran kont vyolans',
    'Fòmasyon pwofesyonèl pou imigran',
    'Kou pòtigè pou granmoun',
    'Entèprèt nan sant sante yo',
  ],
  ar: [
    'مقاعد للمهاجرين في المجالس البلدية',
    'سكن اجتماعي للعائلات المهاجرة',
    'مهرجان لثقافات المهاجرين',
    'مكافحة كراهية الأجانب في الخدمات العامة',
    'حماية النساء المهاجرات من العنف',
    'معادلة الشهادات الأجنبية',
    'دروس اللغة البرتغالية للكبار',
    'وسطاء ثقافيون في المراكز الصحية',
  ],
  zh: [
    '在市议会中增加移民席位',
    '为移民家庭提供社会住房',
    '在各区举办移民文化节',
    '在公共服务中反对仇外心理',
    '保护移民妇女免受暴力',
    '承认在国外获得的学历',
    '为成年人开设葡萄牙语课程',
    '在卫生所配备文化调解员',
  ],
}
const REGIONS = ['Sé', 'Mooca', 'Penha', 'Itaquera', 'Santana', 'Lapa', 'Butantã', 'Santo Amaro']

/**
 * A conference edition in systematisation: 2,000 proposals (`proposals`) over its 8 thematic axes,
 * online (by the given accounts), from preparatory conferences, and consolidated by the
 * systematisation; statuses submitted, merged, rejected, motion and consolidated; in the seven
 * languages (mostly Portuguese and Spanish); supported by the accounts.
 */
export async function loadConferenceProposals(
  db: DB,
  {
    userIds,
    proposals = 2000,
    at = new Date().toISOString(),
  }: { userIds: string[]; proposals?: number; at?: string },
) {
  const r = sequence(2026)
  const base = Date.parse('2026-03-01T12:00:00.000Z')
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('conference_editions')
      .values({
        id: BENCH_EDITION,
        title_i18n: JSON.stringify({
          'pt-BR': '4ª Conferência Municipal de Políticas para Imigrantes',
          es: '4ª Conferencia Municipal de Políticas para Inmigrantes',
          en: '4th Municipal Conference on Policies for Immigrants',
        }),
        motto_i18n: JSON.stringify({ 'pt-BR': 'São Paulo é feita por todos os povos' }),
        starts_on: '2026-03-01',
        ends_on: '2026-11-30',
        phase: 'systematisation',
        votes_per_axis: 5,
        approval_threshold: 0.5,
        delegate_quota: 10,
        created_at: at,
        updated_at: at,
      })
      .execute()
    await trx
      .insertInto('conference_axes')
      .values(
        THEMATIC_AXES.map((axis, i) => ({
          id: conferenceAxisId(axis),
          edition_id: BENCH_EDITION,
          kind: 'thematic' as const,
          thematic_axis_id: i + 1,
          name_i18n: null,
          position: i + 1,
        })),
      )
      .execute()
    await trx
      .insertInto('preparatory_conferences')
      .values(
        REGIONS.map((region, i) => ({
          id: `${BENCH_EDITION}-prep-${i}`,
          edition_id: BENCH_EDITION,
          kind: i < 6 ? ('regional' as const) : ('free' as const),
          name: i < 6 ? `Conferência regional ${region}` : `Conferência livre ${region}`,
          organiser: i < 6 ? `Subprefeitura ${region}` : `Coletivo de imigrantes de ${region}`,
          held_on: `2026-0${4 + (i % 3)}-1${i}`,
          place: `CEU ${region}`,
          attendance: 40 + 17 * i,
          delegate_quota: 5,
          registered_by: null,
          created_at: at,
        })),
      )
      .execute()

    // One in ten is a consolidated proposal of the systematisation; a third of the originals are
    // merged into one of them (same axis), some rejected or kept as motions, the rest waiting.
    const consolidated = Math.round(proposals / 10)
    const rows = Array.from({ length: proposals }, (_, i) => {
      const axisIndex = i % THEMATIC_AXES.length
      const axis = THEMATIC_AXES[axisIndex]!
      const isConsolidated = i < consolidated
      const roll = r.next()
      const language: Language = isConsolidated
        ? 'pt-BR'
        : roll < 0.62
          ? 'pt-BR'
          : roll < 0.8
            ? 'es'
            : (['fr', 'en', 'ht', 'ar', 'zh'] as const)[Math.floor(((roll - 0.8) / 0.2) * 5)]!
      const [subjectPt, subjectEs] = r.pick(SUBJECTS[axis])
      const [verbPt, verbEs] = r.pick(VERBS)
      const [wherePt, whereEs] = r.pick(WHERE)
      const [whyPt, whyEs] = r.pick(WHY)
      let title: string
      let body: string
      if (language === 'pt-BR') {
        title = `${verbPt} ${subjectPt} ${wherePt}`
        body = `${verbPt} ${subjectPt} ${wherePt}, com equipes que falem as línguas das comunidades. ${whyPt}`
      } else if (language === 'es') {
        title = `${verbEs} ${subjectEs} ${whereEs}`
        body = `${verbEs} ${subjectEs} ${whereEs}, con equipos que hablen los idiomas de las comunidades. ${whyEs}`
      } else {
        title = OTHER[language as keyof typeof OTHER][axisIndex]!
        body = `${title}. (${REGIONS[i % REGIONS.length]})`
      }
      if (isConsolidated) title = `${title} (proposta consolidada)`
      const fate = r.next()
      const status: ProposalStatus = isConsolidated
        ? 'consolidated'
        : fate < 0.35
          ? 'merged'
          : fate < 0.45
            ? 'rejected'
            : fate < 0.52
              ? 'motion'
              : 'submitted'
      const preparatory =
        !isConsolidated && r.next() < 0.3 ? `${BENCH_EDITION}-prep-${r.int(REGIONS.length)}` : null
      const created = new Date(base + i * 3_600_000 + r.int(3_600_000)).toISOString()
      return {
        id: `${BENCH_EDITION}-p${String(i).padStart(5, '0')}`,
        edition_id: BENCH_EDITION,
        axis_id: conferenceAxisId(axis),
        kind: isConsolidated ? ('consolidated' as const) : ('original' as const),
        origin: isConsolidated
          ? ('systematisation' as const)
          : preparatory
            ? ('preparatory' as const)
            : ('online' as const),
        preparatory_id: preparatory,
        author_user_id:
          isConsolidated || preparatory || !userIds.length ? null : userIds[i % userIds.length]!,
        title,
        body,
        justification: null,
        language,
        title_i18n: originalContent(title, language),
        body_i18n: originalContent(body, language),
        justification_i18n: null,
        coauthors: r.next() < 0.1 ? 'Coletivo Sí, Yo Puedo; Missão Paz' : null,
        status,
        // Merged into a consolidated proposal of the same axis (those are p0…p(consolidated-1)).
        merged_into_id:
          status === 'merged'
            ? `${BENCH_EDITION}-p${String(axisIndex + THEMATIC_AXES.length * r.int(consolidated / THEMATIC_AXES.length)).padStart(5, '0')}`
            : null,
        rejection_reason: status === 'rejected' ? 'Fora da competência municipal.' : null,
        search_text: searchable(title, body),
        created_at: created,
        updated_at: created,
      }
    })
    // Consolidated first: merged originals point at them.
    for (const part of chunks(rows, 200)) await trx.insertInto('proposals').values(part).execute()

    // Supports: most proposals have a few, some many.
    if (userIds.length) {
      const supports: { proposal_id: string; user_id: string; created_at: string }[] = []
      for (const row of rows) {
        const n = Math.min(userIds.length, r.next() < 0.1 ? 40 + r.int(80) : r.int(12))
        const start = r.int(userIds.length)
        for (let k = 0; k < n; k++)
          supports.push({
            proposal_id: row.id,
            user_id: userIds[(start + k) % userIds.length]!,
            created_at: at,
          })
      }
      for (const part of chunks(supports, 500))
        await trx.insertInto('proposal_supports').values(part).execute()
    }
  })
}

// ---------- Municipal Plan ----------

export const BENCH_PLAN = 'bench-plan'

const PLAN_BODIES: [string, string, string][] = [
  [
    'SMDHC',
    'Secretaria Municipal de Direitos Humanos e Cidadania',
    'Municipal Secretariat for Human Rights and Citizenship',
  ],
  [
    'SMADS',
    'Secretaria Municipal de Assistência e Desenvolvimento Social',
    'Municipal Secretariat for Social Assistance',
  ],
  ['SEHAB', 'Secretaria Municipal de Habitação', 'Municipal Secretariat for Housing'],
  ['SME', 'Secretaria Municipal de Educação', 'Municipal Secretariat for Education'],
  ['SMS', 'Secretaria Municipal da Saúde', 'Municipal Secretariat for Health'],
  [
    'SMDET',
    'Secretaria Municipal de Desenvolvimento Econômico e Trabalho',
    'Municipal Secretariat for Economic Development and Labour',
  ],
  ['SMC', 'Secretaria Municipal de Cultura', 'Municipal Secretariat for Culture'],
  ['SEME', 'Secretaria Municipal de Esportes e Lazer', 'Municipal Secretariat for Sports and Leisure'],
  ['SMM', 'Secretaria Municipal das Mulheres', 'Municipal Secretariat for Women'],
  ['SGM', 'Secretaria de Governo Municipal', 'Municipal Government Secretariat'],
  ['CMI', 'Conselho Municipal de Imigrantes', 'Municipal Council of Immigrants'],
]
// Per axis: the bodies that lead its actions, its objectives, and the actions' subjects.
const PLAN_AXES: Record<Axis, { bodies: string[]; objectives: string[]; actions: string[] }> = {
  participation: {
    bodies: ['SMDHC', 'CMI', 'SGM'],
    objectives: [
      'Fortalecer a participação de imigrantes na gestão pública',
      'Dar transparência às políticas para imigrantes',
    ],
    actions: [
      'eleições do CMI com divulgação multilíngue',
      'consultas públicas traduzidas',
      'formação de conselheiras e conselheiros',
      'relatórios anuais do Plano em sete línguas',
      'representação imigrante nos Conselhos Participativos',
    ],
  },
  social_assistance_housing: {
    bodies: ['SMADS', 'SEHAB', 'SMDHC'],
    objectives: ['Acolher quem chega com dignidade', 'Garantir acesso à moradia'],
    actions: [
      'vagas em centros de acolhida para imigrantes',
      'atendimento nos CRAS com intérpretes',
      'inclusão no Cadastro Único',
      'auxílio-aluguel para famílias imigrantes',
      'moradia definitiva nos programas habitacionais',
    ],
  },
  cultural_diversity: {
    bodies: ['SMC', 'SMDHC'],
    objectives: [
      'Valorizar as culturas imigrantes',
      'Levar a diversidade às bibliotecas e centros culturais',
    ],
    actions: [
      'editais para coletivos imigrantes',
      'festival anual de culturas imigrantes',
      'acervos em várias línguas nas bibliotecas',
      'programação cultural nos CEUs',
      'memória da imigração no Arquivo Histórico',
    ],
  },
  human_rights: {
    bodies: ['SMDHC', 'SGM'],
    objectives: ['Combater a xenofobia e o racismo', 'Garantir acesso à documentação e à justiça'],
    actions: [
      'campanhas contra a xenofobia',
      'formação de servidores em atendimento intercultural',
      'canal de denúncias de discriminação',
      'orientação para regularização migratória no CRAI',
      'enfrentamento ao trabalho escravo',
    ],
  },
  women_lgbti: {
    bodies: ['SMM', 'SMDHC', 'SMS'],
    objectives: ['Proteger mulheres imigrantes em situação de violência', 'Acolher pessoas LGBTI imigrantes'],
    actions: [
      'atendimento com intérpretes nos Centros de Referência da Mulher',
      'vagas de acolhida para pessoas LGBTI',
      'creches para mães imigrantes',
      'rodas de conversa sobre direitos das mulheres',
      'saúde sexual e reprodutiva com mediação cultural',
    ],
  },
  decent_work: {
    bodies: ['SMDET', 'SMDHC'],
    objectives: ['Promover trabalho decente e renda', 'Apoiar o empreendedorismo imigrante'],
    actions: [
      'intermediação de emprego no CATe',
      'cursos de qualificação profissional',
      'apoio à revalidação de diplomas',
      'microcrédito para empreendedores',
      'fiscalização das oficinas de costura',
    ],
  },
  education: {
    bodies: ['SME', 'SMDHC'],
    objectives: ['Ensinar português a quem chega', 'Garantir a matrícula e a permanência escolar'],
    actions: [
      'cursos de português para adultos',
      'matrícula sem exigência de documentos',
      'formação de professores em educação intercultural',
      'material escolar bilíngue',
      'turmas de EJA no período noturno',
    ],
  },
  health_leisure_sport: {
    bodies: ['SMS', 'SEME'],
    objectives: ['Garantir acesso à saúde', 'Promover esporte e lazer entre comunidades'],
    actions: [
      'mediadores culturais nas UBS',
      'cartão SUS para quem acaba de chegar',
      'atenção à saúde mental de refugiados',
      'campeonatos esportivos entre comunidades',
      'acesso aos clubes-escola',
    ],
  },
}
const INDICATORS: [string, string, number, number][] = [
  ['Pessoas atendidas', 'pessoas', 1200, 4000],
  ['Servidores formados', 'servidores', 150, 900],
  ['Subprefeituras atendidas', 'subprefeituras', 8, 32],
  ['Atendimentos com intérprete', '%', 20, 80],
  ['Vagas oferecidas', 'vagas', 300, 1200],
  ['Materiais traduzidos', 'materiais', 10, 70],
]
const QUARTERS = [
  '2025-03-31',
  '2025-06-30',
  '2025-09-30',
  '2025-12-31',
  '2026-03-31',
  '2026-06-30',
  '2026-09-30',
]

/**
 * A plan in force (2025–2028) like São Paulo's: 8 axes, 2 objectives each, 80 actions (10 per axis)
 * led by 11 bodies, 1–3 indicators per action with baseline and target, 3–7 quarters of published
 * monitoring each (some stalled or late, a few never reported), updates waiting for review or returned,
 * and two campaigns a year.
 */
export async function loadPlan(db: DB, { at = new Date().toISOString() }: { at?: string } = {}) {
  const r = sequence(2025)
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('plan_editions')
      .values({
        id: BENCH_PLAN,
        title_i18n: JSON.stringify({
          'pt-BR': 'Plano Municipal de Políticas para Imigrantes 2025–2028',
          es: 'Plan Municipal de Políticas para Inmigrantes 2025–2028',
          en: 'Municipal Plan of Policies for Immigrants 2025–2028',
        }),
        legal_basis: 'Decreto nº 64.000/2025',
        starts_year: 2025,
        ends_year: 2028,
        status: 'in_force',
        is_demo: 0,
        created_at: at,
      })
      .execute()
    await trx
      .insertInto('plan_bodies')
      .values(
        PLAN_BODIES.map(([code, pt, en]) => ({
          id: `${BENCH_PLAN}-body-${code.toLowerCase()}`,
          code,
          name_i18n: JSON.stringify({ 'pt-BR': pt, en }),
        })),
      )
      .execute()
    const objectives = []
    const actions = []
    const actionBodies = []
    const indicators = []
    const updates = []
    for (const [axisIndex, axis] of THEMATIC_AXES.entries()) {
      const spec = PLAN_AXES[axis]
      for (const [o, objectiveTitle] of spec.objectives.entries()) {
        const objectiveCode = `${axisIndex + 1}.${o + 1}`
        const objectiveId = `${BENCH_PLAN}-o${objectiveCode}`
        objectives.push({
          id: objectiveId,
          edition_id: BENCH_PLAN,
          thematic_axis_id: axisIndex + 1,
          code: objectiveCode,
          title_i18n: originalContent(objectiveTitle),
          position: axisIndex * 10 + o + 1,
        })
        // Five actions per objective: the axis's subjects, the second objective's in a later phase.
        for (const [a, subject] of spec.actions.entries()) {
          const code = `${objectiveCode}.${a + 1}`
          const id = `${BENCH_PLAN}-a${code}`
          const title = `${o === 0 ? 'Implantar' : 'Ampliar'} ${subject}`
          actions.push({
            id,
            edition_id: BENCH_PLAN,
            objective_id: objectiveId,
            code,
            title_i18n: originalContent(title),
            description_i18n: originalContent(
              `${title}, com metas por subprefeitura e relatórios trimestrais.`,
            ),
            sdg_targets: ['10.7', '16.7', '4.6', '3.8', '8.8', '5.2', '11.1', '16.b'][axisIndex]!,
            migracidades_dimension_id: 1 + ((axisIndex + a) % 10),
            search_text: searchable(code, title),
            position: a + 1,
          })
          const bodies = spec.bodies.slice(0, 1 + r.int(spec.bodies.length))
          for (const [b, body] of bodies.entries())
            actionBodies.push({
              action_id: id,
              body_id: `${BENCH_PLAN}-body-${body.toLowerCase()}`,
              lead: b === 0 ? 1 : 0,
            })
          const count = 1 + r.int(3)
          for (let k = 0; k < count; k++) {
            const [name, unit, baseline, target] = INDICATORS[(a + k + axisIndex) % INDICATORS.length]!
            const indicatorId = `${id}-i${k + 1}`
            indicators.push({
              id: indicatorId,
              action_id: id,
              code: `${code}.${k + 1}`,
              name_i18n: originalContent(name),
              unit,
              baseline,
              target,
              deadline: '2028-12-31',
              position: k + 1,
            })
            // How far along the indicator is by the last quarter; some never started.
            const pace = r.next() * 1.1
            const reported = pace < 0.08 ? 0 : 3 + r.int(QUARTERS.length - 2)
            for (let q = 0; q < reported; q++) {
              const reached = pace * ((q + 1) / QUARTERS.length)
              const status: IndicatorStatus =
                reached >= 1 ? 'achieved' : pace < 0.35 && q >= 2 ? 'delayed' : 'on_track'
              const when = `${QUARTERS[q]}T18:00:00.000Z`
              updates.push({
                id: `${indicatorId}-u${q + 1}`,
                indicator_id: indicatorId,
                reference_date: QUARTERS[q]!,
                value: Math.round((baseline + (target - baseline) * reached) * 10) / 10,
                status,
                evidence: `Relatório trimestral da ${bodies[0]} (${QUARTERS[q]}).`,
                evidence_url: null,
                review: 'published' as const,
                review_note: null,
                submitted_by: null,
                submitted_at: when,
                reviewed_by: null,
                reviewed_at: when,
              })
            }
            // The next quarter waits for review (or came back): never shown to the public.
            if (reported > 0 && reported < QUARTERS.length && r.next() < 0.3) {
              const returned = r.next() < 0.3
              updates.push({
                id: `${indicatorId}-u${reported + 1}`,
                indicator_id: indicatorId,
                reference_date: QUARTERS[reported]!,
                value: target,
                status: 'on_track' as const,
                evidence: 'Planilha enviada pela área técnica.',
                evidence_url: null,
                review: returned ? ('returned' as const) : ('pending' as const),
                review_note: returned ? 'Falta a fonte do dado.' : null,
                submitted_by: null,
                submitted_at: `${QUARTERS[reported]}T18:00:00.000Z`,
                reviewed_by: null,
                reviewed_at: null,
              })
            }
          }
        }
      }
    }
    await trx.insertInto('plan_objectives').values(objectives).execute()
    for (const part of chunks(actions, 100)) await trx.insertInto('plan_actions').values(part).execute()
    for (const part of chunks(actionBodies, 200))
      await trx.insertInto('plan_action_bodies').values(part).execute()
    for (const part of chunks(indicators, 200)) await trx.insertInto('plan_indicators').values(part).execute()
    for (const part of chunks(updates, 200)) await trx.insertInto('indicator_updates').values(part).execute()
    const campaigns: { theme: CampaignTheme; status: CampaignStatus; year: number; title: string }[] = [
      { year: 2025, theme: 'xenophobia', status: 'finished', title: 'São Paulo é de todos os povos' },
      {
        year: 2025,
        theme: 'labour_rights',
        status: 'finished',
        title: 'Trabalho decente não tem nacionalidade',
      },
      {
        year: 2026,
        theme: 'gender_violence',
        status: 'running',
        title: 'Mulher imigrante, você não está sozinha',
      },
      { year: 2026, theme: 'rights_awareness', status: 'planned', title: 'Conheça seus direitos' },
    ]
    for (const [n, c] of campaigns.entries()) {
      const id = `${BENCH_PLAN}-campaign-${n + 1}`
      await trx
        .insertInto('campaigns')
        .values({
          id,
          title_i18n: originalContent(c.title),
          summary_i18n: null,
          theme: c.theme,
          year: c.year,
          languages: 'pt-BR es en fr ht ar zh',
          channels: 'social_media transport posters',
          starts_on: `${c.year}-0${3 + n}-01`,
          ends_on: `${c.year}-0${5 + n}-30`,
          status: c.status,
          is_demo: 0,
          created_at: at,
        })
        .execute()
      await trx
        .insertInto('campaign_actions')
        .values({ campaign_id: id, action_id: `${BENCH_PLAN}-a4.1.1` })
        .execute()
    }
  })
}
