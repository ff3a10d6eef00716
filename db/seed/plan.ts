import type { Transaction } from 'kysely'
import { originalContent } from '../../app/i18n/content'
import { searchable } from '../../app/lib/search'
import type { CampaignTheme, Database } from '../schema'

// Demonstration content, labelled as such (is_demo = 1 and a title that says so): a plan shaped like
// São Paulo's 2021–2024 Municipal Plan (8 real axes → objectives → actions → indicators with
// baseline, target and responsible bodies) and two campaigns a year. The objectives, actions and
// numbers are illustrative, not the decree's text. Fixed ids so other demo content can link here.

type Tx = Transaction<Database>
export const DEMO_PLAN = 'demo-plan-2021'
export const demoActionId = (code: string) => `${DEMO_PLAN}-a${code}`
export const demoCampaignId = (year: number, n: number) => `demo-campaign-${year}-${n}`

const BODIES: [string, Record<string, string>][] = [
  [
    'SMDHC',
    {
      'pt-BR': 'Secretaria Municipal de Direitos Humanos e Cidadania',
      es: 'Secretaría Municipal de Derechos Humanos y Ciudadanía',
      en: 'Municipal Secretariat for Human Rights and Citizenship',
    },
  ],
  [
    'SMADS',
    {
      'pt-BR': 'Secretaria Municipal de Assistência e Desenvolvimento Social',
      es: 'Secretaría Municipal de Asistencia y Desarrollo Social',
      en: 'Municipal Secretariat for Social Assistance',
    },
  ],
  [
    'SME',
    {
      'pt-BR': 'Secretaria Municipal de Educação',
      es: 'Secretaría Municipal de Educación',
      en: 'Municipal Secretariat for Education',
    },
  ],
  [
    'SMS',
    {
      'pt-BR': 'Secretaria Municipal da Saúde',
      es: 'Secretaría Municipal de Salud',
      en: 'Municipal Secretariat for Health',
    },
  ],
  [
    'SMDET',
    {
      'pt-BR': 'Secretaria Municipal de Desenvolvimento Econômico e Trabalho',
      es: 'Secretaría Municipal de Desarrollo Económico y Trabajo',
      en: 'Municipal Secretariat for Economic Development and Labour',
    },
  ],
  [
    'SMC',
    {
      'pt-BR': 'Secretaria Municipal de Cultura',
      es: 'Secretaría Municipal de Cultura',
      en: 'Municipal Secretariat for Culture',
    },
  ],
  [
    'CMI',
    {
      'pt-BR': 'Conselho Municipal de Imigrantes',
      es: 'Consejo Municipal de Inmigrantes',
      en: 'Municipal Council of Immigrants',
    },
  ],
]

type Indicator = { name: string; unit: string; baseline: number; target: number }
type Action = {
  code: string
  title: Record<string, string>
  bodies: string[]
  sdg?: string
  dimension?: number
  indicators: Indicator[]
}
type Objective = { axis: number; code: string; title: Record<string, string>; actions: Action[] }

const OBJECTIVES: Objective[] = [
  {
    axis: 1,
    code: '1.1',
    title: {
      'pt-BR': 'Fortalecer a participação de imigrantes nas instâncias de governança',
      es: 'Fortalecer la participación de inmigrantes en la gobernanza',
      en: 'Strengthen immigrant participation in governance',
    },
    actions: [
      {
        code: '1.1.1',
        title: {
          'pt-BR': 'Realizar eleições do CMI com ampla divulgação multilíngue',
          es: 'Realizar elecciones del CMI con amplia difusión multilingüe',
          en: 'Hold CMI elections with broad multilingual outreach',
        },
        bodies: ['SMDHC', 'CMI'],
        sdg: '10.7 16.7',
        dimension: 3,
        indicators: [
          { name: 'Eleitores imigrantes cadastrados', unit: 'pessoas', baseline: 1000, target: 3000 },
        ],
      },
      {
        code: '1.1.2',
        title: {
          'pt-BR': 'Consultar a população imigrante sobre as campanhas e o Plano',
          es: 'Consultar a la población inmigrante sobre campañas y el Plan',
          en: 'Consult immigrants on campaigns and the Plan',
        },
        bodies: ['SMDHC'],
        sdg: '16.7',
        dimension: 4,
        indicators: [
          { name: 'Consultas públicas realizadas por ano', unit: 'consultas', baseline: 0, target: 2 },
        ],
      },
    ],
  },
  {
    axis: 2,
    code: '2.1',
    title: {
      'pt-BR': 'Garantir acolhimento e moradia digna',
      es: 'Garantizar acogida y vivienda digna',
      en: 'Ensure reception and decent housing',
    },
    actions: [
      {
        code: '2.1.1',
        title: {
          'pt-BR': 'Ampliar vagas em centros de acolhida para imigrantes',
          es: 'Ampliar plazas en centros de acogida',
          en: 'Expand places in reception centres',
        },
        bodies: ['SMADS'],
        sdg: '11.1',
        dimension: 8,
        indicators: [{ name: 'Vagas em centros de acolhida', unit: 'vagas', baseline: 560, target: 800 }],
      },
      {
        code: '2.1.2',
        title: {
          'pt-BR': 'Reduzir o tempo de espera por atendimento socioassistencial',
          es: 'Reducir la espera en la atención social',
          en: 'Cut waiting time for social assistance',
        },
        bodies: ['SMADS'],
        dimension: 8,
        indicators: [{ name: 'Tempo médio de espera', unit: 'dias', baseline: 30, target: 10 }],
      },
    ],
  },
  {
    axis: 3,
    code: '3.1',
    title: {
      'pt-BR': 'Valorizar a diversidade cultural das comunidades imigrantes',
      es: 'Valorar la diversidad cultural',
      en: 'Value cultural diversity',
    },
    actions: [
      {
        code: '3.1.1',
        title: {
          'pt-BR': 'Apoiar festas e feiras culturais de comunidades imigrantes',
          es: 'Apoyar fiestas y ferias culturales',
          en: 'Support cultural festivals and fairs',
        },
        bodies: ['SMC'],
        sdg: '11.4',
        dimension: 3,
        indicators: [{ name: 'Eventos culturais apoiados', unit: 'eventos', baseline: 12, target: 40 }],
      },
    ],
  },
  {
    axis: 4,
    code: '4.1',
    title: {
      'pt-BR': 'Combater a xenofobia, o racismo e a intolerância religiosa',
      es: 'Combatir la xenofobia, el racismo y la intolerancia religiosa',
      en: 'Fight xenophobia, racism and religious intolerance',
    },
    actions: [
      {
        code: '4.1.1',
        title: {
          'pt-BR': 'Realizar duas campanhas por ano contra a xenofobia e a discriminação',
          es: 'Realizar dos campañas al año contra la xenofobia',
          en: 'Run two campaigns a year against xenophobia',
        },
        bodies: ['SMDHC'],
        sdg: '10.3 16.b',
        dimension: 10,
        indicators: [{ name: 'Campanhas realizadas por ano', unit: 'campanhas', baseline: 0, target: 2 }],
      },
      {
        code: '4.1.2',
        title: {
          'pt-BR': 'Formar servidores públicos para o atendimento sem discriminação',
          es: 'Formar a servidores públicos en atención sin discriminación',
          en: 'Train public servants in non-discriminatory service',
        },
        bodies: ['SMDHC', 'SME', 'SMS'],
        sdg: '16.b',
        dimension: 2,
        indicators: [{ name: 'Servidores formados', unit: 'pessoas', baseline: 500, target: 5000 }],
      },
      {
        code: '4.1.3',
        title: {
          'pt-BR': 'Registrar e encaminhar denúncias de xenofobia',
          es: 'Registrar y derivar denuncias de xenofobia',
          en: 'Record and refer xenophobia complaints',
        },
        bodies: ['SMDHC'],
        sdg: '16.3',
        dimension: 10,
        indicators: [{ name: 'Denúncias sem resposta após 30 dias', unit: '%', baseline: 40, target: 5 }],
      },
    ],
  },
  {
    axis: 5,
    code: '5.1',
    title: {
      'pt-BR': 'Proteger mulheres e pessoas LGBTI+ imigrantes',
      es: 'Proteger a mujeres y personas LGBTI+ inmigrantes',
      en: 'Protect immigrant women and LGBTI+ people',
    },
    actions: [
      {
        code: '5.1.1',
        title: {
          'pt-BR': 'Atender mulheres imigrantes em situação de violência em seu idioma',
          es: 'Atender a mujeres inmigrantes en situación de violencia en su idioma',
          en: 'Assist immigrant women facing violence in their language',
        },
        bodies: ['SMDHC', 'SMS'],
        sdg: '5.2',
        dimension: 10,
        indicators: [
          { name: 'Atendimentos com intérprete', unit: 'atendimentos', baseline: 150, target: 600 },
        ],
      },
    ],
  },
  {
    axis: 6,
    code: '6.1',
    title: {
      'pt-BR': 'Promover o trabalho decente e a geração de renda',
      es: 'Promover el trabajo decente y la generación de ingresos',
      en: 'Promote decent work and income',
    },
    actions: [
      {
        code: '6.1.1',
        title: {
          'pt-BR': 'Encaminhar imigrantes a vagas de emprego formal',
          es: 'Derivar inmigrantes a empleos formales',
          en: 'Refer immigrants to formal jobs',
        },
        bodies: ['SMDET'],
        sdg: '8.8',
        dimension: 9,
        indicators: [
          { name: 'Imigrantes encaminhados a vagas', unit: 'pessoas', baseline: 2000, target: 6000 },
        ],
      },
      {
        code: '6.1.2',
        title: {
          'pt-BR': 'Validar diplomas e competências profissionais',
          es: 'Validar títulos y competencias profesionales',
          en: 'Recognise diplomas and skills',
        },
        bodies: ['SMDET', 'SME'],
        sdg: '4.4',
        dimension: 9,
        indicators: [
          { name: 'Pedidos de revalidação orientados', unit: 'pedidos', baseline: 100, target: 500 },
        ],
      },
    ],
  },
  {
    axis: 7,
    code: '7.1',
    title: {
      'pt-BR': 'Garantir educação e ensino de português',
      es: 'Garantizar educación y enseñanza de portugués',
      en: 'Ensure education and Portuguese teaching',
    },
    actions: [
      {
        code: '7.1.1',
        title: {
          'pt-BR': 'Oferecer cursos de português para imigrantes em todas as regiões',
          es: 'Ofrecer cursos de portugués en todas las regiones',
          en: 'Offer Portuguese courses in every region',
        },
        bodies: ['SME'],
        sdg: '4.6',
        dimension: 7,
        indicators: [
          { name: 'Vagas em cursos de português', unit: 'vagas', baseline: 1500, target: 4000 },
          { name: 'Subprefeituras com curso', unit: 'subprefeituras', baseline: 10, target: 32 },
        ],
      },
      {
        code: '7.1.2',
        title: {
          'pt-BR': 'Matricular crianças imigrantes sem exigir documentos',
          es: 'Matricular a niños inmigrantes sin exigir documentos',
          en: 'Enrol immigrant children without requiring documents',
        },
        bodies: ['SME'],
        sdg: '4.1',
        dimension: 7,
        indicators: [{ name: 'Recusas de matrícula registradas', unit: 'casos', baseline: 60, target: 0 }],
      },
    ],
  },
  {
    axis: 8,
    code: '8.1',
    title: {
      'pt-BR': 'Ampliar o acesso à saúde, ao lazer e ao esporte',
      es: 'Ampliar el acceso a salud, ocio y deporte',
      en: 'Widen access to health, leisure and sport',
    },
    actions: [
      {
        code: '8.1.1',
        title: {
          'pt-BR': 'Contratar agentes de saúde imigrantes nas UBS com maior demanda',
          es: 'Contratar agentes de salud inmigrantes en las UBS',
          en: 'Hire immigrant health agents at busy clinics',
        },
        bodies: ['SMS'],
        sdg: '3.8',
        dimension: 6,
        indicators: [{ name: 'Agentes de saúde imigrantes', unit: 'pessoas', baseline: 20, target: 80 }],
      },
    ],
  },
]

const CAMPAIGNS: {
  year: number
  n: number
  theme: CampaignTheme
  title: Record<string, string>
  status: 'planned' | 'running' | 'finished'
  languages: string
  channels: string
  actions: string[]
}[] = [
  {
    year: 2021,
    n: 1,
    theme: 'xenophobia',
    title: {
      'pt-BR': 'São Paulo é de todos os povos',
      es: 'São Paulo es de todos los pueblos',
      en: 'São Paulo belongs to all peoples',
    },
    status: 'finished',
    languages: 'pt-BR es fr ht',
    channels: 'social_media posters',
    actions: ['4.1.1'],
  },
  {
    year: 2021,
    n: 2,
    theme: 'rights_awareness',
    title: {
      'pt-BR': 'Conheça seus direitos na cidade',
      es: 'Conozca sus derechos en la ciudad',
      en: 'Know your rights in the city',
    },
    status: 'finished',
    languages: 'pt-BR es en fr ht ar',
    channels: 'radio social_media',
    actions: ['4.1.1', '1.1.1'],
  },
  {
    year: 2022,
    n: 2,
    theme: 'rights_awareness',
    title: {
      'pt-BR': 'Imigrante também é cidadão',
      es: 'El inmigrante también es ciudadano',
      en: 'Immigrants are citizens too',
    },
    status: 'finished',
    languages: 'pt-BR es fr ht',
    channels: 'radio events',
    actions: ['1.1.1'],
  },
  {
    year: 2022,
    n: 1,
    theme: 'racism',
    title: {
      'pt-BR': 'Racismo não é opinião',
      es: 'El racismo no es opinión',
      en: 'Racism is not an opinion',
    },
    status: 'finished',
    languages: 'pt-BR es fr ht',
    channels: 'social_media transport',
    actions: ['4.1.1'],
  },
  {
    year: 2023,
    n: 1,
    theme: 'religious_intolerance',
    title: {
      'pt-BR': 'Todas as fés, uma cidade',
      es: 'Todas las fes, una ciudad',
      en: 'Every faith, one city',
    },
    status: 'finished',
    languages: 'pt-BR ar fr',
    channels: 'posters events',
    actions: ['4.1.1'],
  },
  {
    year: 2023,
    n: 2,
    theme: 'xenophobia',
    title: {
      'pt-BR': 'Xenofobia é crime: denuncie',
      es: 'La xenofobia es delito: denuncie',
      en: 'Xenophobia is a crime: report it',
    },
    status: 'finished',
    languages: 'pt-BR es en fr ht ar zh',
    channels: 'social_media radio transport',
    actions: ['4.1.1', '4.1.3'],
  },
  {
    year: 2024,
    n: 1,
    theme: 'labour_rights',
    title: {
      'pt-BR': 'Trabalho digno não tem fronteira',
      es: 'El trabajo digno no tiene fronteras',
      en: 'Decent work has no borders',
    },
    status: 'finished',
    languages: 'pt-BR es ht',
    channels: 'social_media posters',
    actions: ['6.1.1'],
  },
  {
    year: 2024,
    n: 2,
    theme: 'gender_violence',
    title: {
      'pt-BR': 'Mulher imigrante, você não está sozinha',
      es: 'Mujer inmigrante, no estás sola',
      en: 'Immigrant woman, you are not alone',
    },
    status: 'finished',
    languages: 'pt-BR es fr ht ar',
    channels: 'radio health_units',
    actions: ['5.1.1'],
  },
  {
    year: 2025,
    n: 1,
    theme: 'xenophobia',
    title: {
      'pt-BR': 'Sotaque não é defeito',
      es: 'El acento no es un defecto',
      en: 'An accent is not a flaw',
    },
    status: 'finished',
    languages: 'pt-BR es en fr ht ar zh',
    channels: 'social_media transport',
    actions: ['4.1.1'],
  },
  {
    year: 2025,
    n: 2,
    theme: 'religious_intolerance',
    title: {
      'pt-BR': 'Respeite o sagrado do outro',
      es: 'Respete lo sagrado del otro',
      en: 'Respect what others hold sacred',
    },
    status: 'finished',
    languages: 'pt-BR ar fr',
    channels: 'posters events',
    actions: ['4.1.1'],
  },
  {
    year: 2026,
    n: 2,
    theme: 'racism',
    title: {
      'pt-BR': 'Racismo tem cura: a educação',
      es: 'El racismo tiene cura: la educación',
      en: 'Racism has a cure: education',
    },
    status: 'planned',
    languages: 'pt-BR es fr ht',
    channels: 'schools social_media',
    actions: ['4.1.1', '4.1.2'],
  },
  {
    year: 2026,
    n: 1,
    theme: 'xenophobia',
    title: {
      'pt-BR': 'Aqui se fala muitas línguas',
      es: 'Aquí se hablan muchas lenguas',
      en: 'Many languages are spoken here',
    },
    status: 'running',
    languages: 'pt-BR es en fr ht ar zh',
    channels: 'social_media transport',
    actions: ['4.1.1'],
  },
]

export async function seedDemoPlan(trx: Tx): Promise<void> {
  const at = '2021-01-10T12:00:00.000Z'
  await trx
    .insertInto('plan_editions')
    .values({
      id: DEMO_PLAN,
      title_i18n: JSON.stringify({
        'pt-BR': 'Plano Municipal de Políticas para Imigrantes 2021–2024 (demonstração)',
        es: 'Plan Municipal de Políticas para Inmigrantes 2021–2024 (demostración)',
        en: 'Municipal Plan of Policies for Immigrants 2021–2024 (demonstration)',
      }),
      legal_basis: 'Decreto nº 59.965/2020',
      starts_year: 2021,
      ends_year: 2024,
      status: 'in_force',
      is_demo: 1,
      created_at: at,
    })
    .execute()
  for (const [code, name] of BODIES) {
    await trx
      .insertInto('plan_bodies')
      .values({ id: `body-${code.toLowerCase()}`, code, name_i18n: JSON.stringify(name) })
      .execute()
  }
  let objectivePosition = 0
  for (const o of OBJECTIVES) {
    objectivePosition += 1
    const objectiveId = `${DEMO_PLAN}-o${o.code}`
    await trx
      .insertInto('plan_objectives')
      .values({
        id: objectiveId,
        edition_id: DEMO_PLAN,
        thematic_axis_id: o.axis,
        code: o.code,
        title_i18n: JSON.stringify(o.title),
        position: objectivePosition,
      })
      .execute()
    for (const [i, a] of o.actions.entries()) {
      const actionId = demoActionId(a.code)
      await trx
        .insertInto('plan_actions')
        .values({
          id: actionId,
          edition_id: DEMO_PLAN,
          objective_id: objectiveId,
          code: a.code,
          title_i18n: JSON.stringify(a.title),
          description_i18n: null,
          sdg_targets: a.sdg ?? null,
          migracidades_dimension_id: a.dimension ?? null,
          search_text: searchable(Object.values(a.title).join(' '), a.code),
          position: i + 1,
        })
        .execute()
      for (const [b, body] of a.bodies.entries()) {
        await trx
          .insertInto('plan_action_bodies')
          .values({ action_id: actionId, body_id: `body-${body.toLowerCase()}`, lead: b === 0 ? 1 : 0 })
          .execute()
      }
      for (const [k, ind] of a.indicators.entries()) {
        await trx
          .insertInto('plan_indicators')
          .values({
            id: `${actionId}-i${k + 1}`,
            action_id: actionId,
            code: `${a.code}.${k + 1}`,
            name_i18n: JSON.stringify({ 'pt-BR': ind.name }),
            unit: ind.unit,
            baseline: ind.baseline,
            target: ind.target,
            deadline: '2024-12-31',
            position: k + 1,
          })
          .execute()
      }
    }
  }
  for (const c of CAMPAIGNS) {
    const id = demoCampaignId(c.year, c.n)
    await trx
      .insertInto('campaigns')
      .values({
        id,
        title_i18n: JSON.stringify(c.title),
        summary_i18n: null,
        theme: c.theme,
        year: c.year,
        languages: c.languages,
        channels: c.channels,
        starts_on: `${c.year}-${c.n === 1 ? '03' : '09'}-01`,
        ends_on: `${c.year}-${c.n === 1 ? '05' : '11'}-30`,
        status: c.status,
        is_demo: 1,
        created_at: at,
      })
      .execute()
    for (const code of c.actions)
      await trx
        .insertInto('campaign_actions')
        .values({ campaign_id: id, action_id: demoActionId(code) })
        .execute()
  }
  await trx
    .insertInto('plan_body_staff')
    .values({ body_id: 'body-smdhc', user_id: 'demo-plan-reporter' })
    .execute()
  await trx
    .insertInto('campaign_materials')
    .values([
      {
        id: 'demo-material-2026-1-a',
        campaign_id: demoCampaignId(2026, 1),
        label: 'Cartaz (PDF) — exemplo',
        label_i18n: originalContent('Cartaz (PDF) — exemplo'),
        url: 'https://example.org/mutirao-demo/cartaz-2026.pdf',
        language: 'pt-BR',
      },
      {
        id: 'demo-material-2026-1-b',
        campaign_id: demoCampaignId(2026, 1),
        label: 'Afich (PDF) — egzanp',
        // Written in Creole, like the poster it names (ADR 027: `_orig`).
        label_i18n: originalContent('Afich (PDF) — egzanp', 'ht'),
        url: 'https://example.org/mutirao-demo/afich-2026.pdf',
        language: 'ht',
      },
    ])
    .execute()
  await seedUpdates(trx)
  await seedOrigins(trx)
  await seedNextEdition(trx)
}

/** The next plan, in preparation (a draft: the secretariat sees it, the public does not yet). */
async function seedNextEdition(trx: Tx) {
  const id = 'demo-plan-2025'
  await trx
    .insertInto('plan_editions')
    .values({
      id,
      title_i18n: JSON.stringify({
        'pt-BR': 'Plano Municipal de Políticas para Imigrantes 2025–2028 (demonstração, em preparação)',
        es: 'Plan Municipal 2025–2028 (demostración, en preparación)',
        en: 'Municipal Plan 2025–2028 (demonstration, in preparation)',
      }),
      legal_basis: null,
      starts_year: 2025,
      ends_year: 2028,
      status: 'draft',
      is_demo: 1,
      created_at: '2025-05-20T12:00:00.000Z',
    })
    .execute()
  await trx
    .insertInto('plan_objectives')
    .values({
      id: `${id}-o4.1`,
      edition_id: id,
      thematic_axis_id: 4,
      code: '4.1',
      title_i18n: JSON.stringify({ 'pt-BR': 'Combater a xenofobia com formação e campanhas' }),
      position: 1,
    })
    .execute()
  await trx
    .insertInto('plan_actions')
    .values({
      id: `${id}-a4.1.1`,
      edition_id: id,
      objective_id: `${id}-o4.1`,
      code: '4.1.1',
      title_i18n: JSON.stringify({ 'pt-BR': 'Formar servidores com imigrantes como formadores' }),
      description_i18n: null,
      sdg_targets: '16.b',
      migracidades_dimension_id: 2,
      search_text: searchable('4.1.1 Formar servidores com imigrantes como formadores'),
      position: 1,
    })
    .execute()
  await trx
    .insertInto('plan_action_bodies')
    .values({ action_id: `${id}-a4.1.1`, body_id: 'body-smdhc', lead: 1 })
    .execute()
  await trx
    .insertInto('plan_indicators')
    .values({
      id: `${id}-a4.1.1-i1`,
      action_id: `${id}-a4.1.1`,
      code: '4.1.1.1',
      name_i18n: JSON.stringify({ 'pt-BR': 'Turmas com formadores imigrantes' }),
      unit: '%',
      baseline: 0,
      target: 50,
      deadline: '2028-12-31',
      position: 1,
    })
    .execute()
}

/**
 * A year of monitoring (2024, quarterly), published by the secretariat: each indicator moves part of
 * the way to its target, some stall. One more update waits for review, so the demo queue is not empty.
 */
async function seedUpdates(trx: Tx) {
  const quarters = ['2024-03-31', '2024-06-30', '2024-09-30', '2024-12-31']
  // How far along each indicator is at the end of the year (share of the way to the target).
  const pace = [0.9, 0.35, 1, 0.6, 0.15, 0.5, 0.8, 0.25, 0.7, 0.45, 1.05, 0.3, 0.55, 0.4, 0.65, 0.2, 0.75]
  let k = 0
  for (const o of OBJECTIVES) {
    for (const a of o.actions) {
      for (const [n, ind] of a.indicators.entries()) {
        const share = pace[k % pace.length]!
        k += 1
        for (const [q, date] of quarters.entries()) {
          const reached = share * ((q + 1) / quarters.length)
          const value = Math.round((ind.baseline + (ind.target - ind.baseline) * reached) * 10) / 10
          const status =
            reached >= 1
              ? 'achieved'
              : share < 0.3 && q >= 2
                ? 'delayed'
                : q === 0 && share < 0.3
                  ? 'not_started'
                  : 'on_track'
          const at = `${date}T18:00:00.000Z`
          await trx
            .insertInto('indicator_updates')
            .values({
              id: `${demoActionId(a.code)}-i${n + 1}-u${q + 1}`,
              indicator_id: `${demoActionId(a.code)}-i${n + 1}`,
              reference_date: date,
              value,
              status,
              evidence: `Relatório trimestral da ${a.bodies[0]} (demonstração).`,
              evidence_url: null,
              review: 'published',
              review_note: null,
              submitted_by: 'demo-plan-reporter',
              submitted_at: at,
              reviewed_by: 'demo-secretariat',
              reviewed_at: at,
            })
            .execute()
        }
      }
    }
  }
  await trx
    .insertInto('indicator_updates')
    .values({
      id: 'demo-update-pending',
      indicator_id: `${demoActionId('4.1.2')}-i1`,
      reference_date: '2025-03-31',
      value: 2600,
      status: 'on_track',
      evidence: 'Turmas do 1º trimestre de 2025 (demonstração).',
      evidence_url: null,
      review: 'pending',
      review_note: null,
      submitted_by: 'demo-plan-reporter',
      submitted_at: '2025-04-05T12:00:00.000Z',
      reviewed_by: null,
      reviewed_at: null,
    })
    .execute()
}

/** Which approved proposals of the 2019 demo conference became which actions and campaigns. */
async function seedOrigins(trx: Tx) {
  const links: [string, string, 'action' | 'campaign'][] = [
    ['demo-prop-19-01', demoActionId('1.1.1'), 'action'],
    ['demo-prop-19-04', demoActionId('2.1.1'), 'action'],
    ['demo-prop-19-05', demoActionId('2.1.1'), 'action'],
    ['demo-prop-19-07', demoActionId('3.1.1'), 'action'],
    ['demo-prop-19-09', demoActionId('4.1.1'), 'action'],
    ['demo-prop-19-09', demoCampaignId(2021, 1), 'campaign'],
    ['demo-prop-19-10', demoActionId('4.1.3'), 'action'],
    ['demo-prop-19-11', demoActionId('5.1.1'), 'action'],
    ['demo-prop-19-13', demoActionId('6.1.1'), 'action'],
    ['demo-prop-19-c1', demoActionId('7.1.1'), 'action'],
    ['demo-prop-19-c3', demoActionId('6.1.2'), 'action'],
  ]
  for (const [proposal, target, kind] of links) {
    await trx
      .insertInto('outcome_links')
      .values({
        id: `demo-link-${proposal}-${target}`,
        contribution_id: null,
        proposal_id: proposal,
        action_id: kind === 'action' ? target : null,
        campaign_id: kind === 'campaign' ? target : null,
        note: null,
        created_by: 'demo-secretariat',
        created_at: '2021-01-10T12:00:00.000Z',
      })
      .execute()
  }
}
