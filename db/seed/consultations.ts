import type { Transaction } from 'kysely'
import type { AnswerKind, Database } from '../schema'
import { demoActionId, demoCampaignId } from './plan'
import { demoUserId } from './users'

// Two demo consultations: the anti-xenophobia campaign for 2027, open for comments, and a closed,
// answered revision of the plan with contributions in several languages — some accepted and linked
// to the plan action they changed, one hidden by moderation. Fixed ids and dates.
export const DEMO_CONSULTATION_OPEN = 'demo-consultation-campaign-2027'
export const DEMO_CONSULTATION_ANSWERED = 'demo-consultation-plan-revision'

type Tx = Transaction<Database>
type Paragraph = Record<string, string>
type Section = { heading: Record<string, string>; paragraphs: Paragraph[] }

async function consultation(
  trx: Tx,
  id: string,
  c: {
    title: Record<string, string>
    summary: Record<string, string>
    status: Database['consultations']['status']
    opens: string
    closes: string
    sections: Section[]
    actions: string[]
    campaigns: string[]
  },
) {
  await trx
    .insertInto('consultations')
    .values({
      id,
      title_i18n: JSON.stringify(c.title),
      summary_i18n: JSON.stringify(c.summary),
      status: c.status,
      opens_at: c.opens,
      closes_at: c.closes,
      min_account_age_days: 0,
      created_by: demoUserId('secretariat'),
      created_at: c.opens,
      updated_at: c.opens,
    })
    .execute()
  let position = 0
  for (const [s, section] of c.sections.entries()) {
    const sectionId = `${id}-s${s + 1}`
    await trx
      .insertInto('consultation_sections')
      .values({
        id: sectionId,
        consultation_id: id,
        position: s + 1,
        heading_i18n: JSON.stringify(section.heading),
      })
      .execute()
    for (const [p, body] of section.paragraphs.entries()) {
      position += 1
      await trx
        .insertInto('consultation_paragraphs')
        .values({
          id: `${id}-p${s + 1}-${p + 1}`,
          consultation_id: id,
          section_id: sectionId,
          position,
          body_i18n: JSON.stringify(body),
        })
        .execute()
    }
  }
  for (const a of c.actions)
    await trx
      .insertInto('consultation_targets')
      .values({ id: `${id}-t-${a}`, consultation_id: id, action_id: demoActionId(a), campaign_id: null })
      .execute()
  for (const k of c.campaigns)
    await trx
      .insertInto('consultation_targets')
      .values({ id: `${id}-t-${k}`, consultation_id: id, action_id: null, campaign_id: k })
      .execute()
}

type Comment = {
  id: string
  p: string | null
  by: Parameters<typeof demoUserId>[0]
  name: string
  lng: string
  body: string
  at: string
  parent?: string
  answer?: [AnswerKind, string, string?]
  hidden?: string
  supports?: Parameters<typeof demoUserId>[0][]
}

async function comments(trx: Tx, consultationId: string, list: Comment[]) {
  for (const c of list) {
    await trx
      .insertInto('contributions')
      .values({
        id: c.id,
        consultation_id: consultationId,
        paragraph_id: c.p ? `${consultationId}-p${c.p}` : null,
        parent_id: c.parent ?? null,
        user_id: demoUserId(c.by),
        author_name: c.name,
        language: c.lng,
        body: c.body,
        created_at: c.at,
        edited_at: null,
        hidden_at: c.hidden ? c.at : null,
        hidden_by: c.hidden ? demoUserId('moderator') : null,
        hidden_reason: c.hidden ?? null,
        answer: c.answer?.[0] ?? null,
        answer_text: c.answer?.[1] ?? null,
        answered_by: c.answer ? demoUserId('secretariat') : null,
        answered_at: c.answer ? '2025-05-20T15:00:00.000Z' : null,
      })
      .execute()
    for (const who of c.supports ?? [])
      await trx
        .insertInto('contribution_supports')
        .values({ contribution_id: c.id, user_id: demoUserId(who), created_at: c.at })
        .execute()
    const target = c.answer?.[2]
    if (target) {
      await trx
        .insertInto('outcome_links')
        .values({
          id: `${c.id}-link`,
          contribution_id: c.id,
          proposal_id: null,
          action_id: target.startsWith('campaign') ? null : demoActionId(target),
          campaign_id: target.startsWith('campaign') ? target.slice('campaign:'.length) : null,
          note: null,
          created_by: demoUserId('secretariat'),
          created_at: '2025-05-20T15:00:00.000Z',
        })
        .execute()
    }
  }
}

export async function seedDemoConsultations(trx: Tx): Promise<void> {
  await consultation(trx, DEMO_CONSULTATION_ANSWERED, {
    title: {
      'pt-BR': 'Revisão do Plano Municipal: formação de servidores e ensino de português',
      es: 'Revisión del Plan Municipal: formación de servidores y enseñanza de portugués',
      en: 'Plan revision: training public servants and teaching Portuguese',
      fr: 'Révision du Plan municipal : formation des agents et enseignement du portugais',
    },
    summary: {
      'pt-BR':
        'Proposta de revisão das metas dos eixos 4 e 7 para o próximo Plano. (Conteúdo de demonstração.)',
      es: 'Propuesta de revisión de las metas de los ejes 4 y 7. (Contenido de demostración.)',
      en: 'Proposed revision of the axis 4 and 7 goals for the next Plan. (Demonstration content.)',
      fr: 'Révision proposée des objectifs des axes 4 et 7. (Contenu de démonstration.)',
    },
    status: 'answered',
    opens: '2025-03-01T12:00:00.000Z',
    closes: '2025-04-30T23:00:00.000Z',
    actions: ['4.1.2', '7.1.1'],
    campaigns: [],
    sections: [
      {
        heading: {
          'pt-BR': 'Formação de servidores',
          es: 'Formación de servidores',
          en: 'Training public servants',
        },
        paragraphs: [
          {
            'pt-BR':
              'A Prefeitura formará 5.000 servidores até o fim do Plano para atender imigrantes sem discriminação, com prioridade para saúde, educação e assistência social.',
            es: 'La Municipalidad formará a 5.000 servidores hasta el fin del Plan para atender a inmigrantes sin discriminación, con prioridad en salud, educación y asistencia social.',
            en: 'The city will train 5,000 public servants by the end of the Plan to serve immigrants without discrimination, prioritising health, education and social assistance.',
          },
          {
            'pt-BR':
              'Os cursos serão oferecidos a distância e presencialmente, com conteúdo produzido junto com coletivos de imigrantes.',
            es: 'Los cursos serán a distancia y presenciales, con contenido producido junto con colectivos de inmigrantes.',
          },
        ],
      },
      {
        heading: { 'pt-BR': 'Ensino de português', es: 'Enseñanza de portugués', en: 'Teaching Portuguese' },
        paragraphs: [
          {
            'pt-BR':
              'Cada subprefeitura terá ao menos uma turma de português para imigrantes, em horário compatível com o trabalho.',
            es: 'Cada subprefectura tendrá al menos un curso de portugués para inmigrantes, en horario compatible con el trabajo.',
            en: 'Every subprefecture will have at least one Portuguese class for immigrants, at times that fit around work.',
            fr: 'Chaque sous-préfecture aura au moins un cours de portugais pour les immigrés, à des horaires compatibles avec le travail.',
          },
          { 'pt-BR': 'As turmas emitirão certificado reconhecido para fins de naturalização.' },
        ],
      },
    ],
  })
  const A = DEMO_CONSULTATION_ANSWERED
  await comments(trx, A, [
    {
      id: `${A}-c1`,
      p: '2-1',
      by: 'voter',
      name: 'Jean-Baptiste Pierre',
      lng: 'ht',
      at: '2025-03-04T22:10:00.000Z',
      body: 'Fòk gen kou pòtigè nan samdi ak nan aswè tou. Anpil moun travay lajounen e yo pa ka vini.',
      answer: [
        'accepted',
        'Acolhida: a meta passa a exigir turmas aos sábados e no período noturno em todas as subprefeituras.',
        '7.1.1',
      ],
      supports: ['resident', 'candidate', 'counsellor'],
    },
    {
      id: `${A}-c2`,
      p: '2-1',
      by: 'resident',
      name: 'Rosa Quispe',
      lng: 'es',
      at: '2025-03-06T13:00:00.000Z',
      body: 'Sería bueno tener guardería durante las clases: muchas madres no pueden dejar a sus hijos.',
      answer: [
        'partly_accepted',
        'Acolhida em parte: haverá espaço para crianças nas turmas dos CEUs; nas demais unidades, conforme disponibilidade.',
        '7.1.1',
      ],
      supports: ['voter'],
    },
    {
      id: `${A}-c3`,
      p: '1-1',
      by: 'candidate',
      name: 'Amina Diallo',
      lng: 'fr',
      at: '2025-03-10T09:30:00.000Z',
      body: 'La formation doit inclure des immigrés comme formateurs, pas seulement comme sujet du cours.',
      answer: [
        'accepted',
        'Acolhida: ao menos metade das turmas de formação terá imigrantes como formadores.',
        '4.1.2',
      ],
    },
    {
      id: `${A}-c4`,
      p: '1-1',
      by: 'counsellor',
      name: 'Li Wei',
      lng: 'zh',
      at: '2025-03-12T04:00:00.000Z',
      body: '建议把培训重点放在医院和学校的前台工作人员。',
      answer: [
        'not_accepted',
        'Não acolhida: a formação já prioriza o atendimento ao público em saúde e educação, como diz o texto.',
      ],
    },
    {
      id: `${A}-c5`,
      p: '1-2',
      by: 'delegate',
      name: 'Omar Haddad',
      lng: 'ar',
      at: '2025-03-15T18:45:00.000Z',
      body: 'يجب أن تتوفر الدورات عبر الإنترنت بعدة لغات، وليس بالبرتغالية فقط.',
      answer: [
        'partly_accepted',
        'Acolhida em parte: o material de apoio terá versões em espanhol, francês, crioulo haitiano e árabe.',
        '4.1.2',
      ],
    },
    {
      id: `${A}-c6`,
      p: '2-2',
      by: 'resident',
      name: 'Rosa Quispe',
      lng: 'es',
      at: '2025-03-20T12:00:00.000Z',
      body: '¿El certificado servirá también para la revalidación de diplomas?',
      answer: [
        'not_accepted',
        'Não acolhida: a revalidação de diplomas depende das universidades; a dúvida foi encaminhada à ação 6.1.2.',
      ],
    },
    {
      id: `${A}-c7`,
      p: '2-2',
      by: 'voter',
      name: 'Jean-Baptiste Pierre',
      lng: 'ht',
      at: '2025-03-21T12:00:00.000Z',
      parent: `${A}-c6`,
      body: 'Mwen gen menm kesyon an.',
    },
    {
      id: `${A}-c8`,
      p: null,
      by: 'observer',
      name: 'Grace Okafor',
      lng: 'en',
      at: '2025-04-02T12:00:00.000Z',
      body: 'Please publish the yearly numbers of trained staff per secretariat, so we can follow the goal.',
      answer: ['accepted', 'Acolhida: o painel do Plano mostrará o indicador por secretaria.', '4.1.2'],
    },
    {
      id: `${A}-c9`,
      p: '1-1',
      by: 'candidate',
      name: 'Amina Diallo',
      lng: 'fr',
      at: '2025-04-05T12:00:00.000Z',
      body: '[texte retiré]',
      hidden: 'Continha dados pessoais de outra pessoa.',
    },
  ])
  await trx
    .insertInto('consultation_questions')
    .values({
      id: `${A}-q1`,
      consultation_id: A,
      position: 1,
      kind: 'single',
      prompt_i18n: JSON.stringify({
        'pt-BR': 'Qual horário de aula de português é melhor para você?',
        es: '¿Qué horario de clase de portugués le conviene más?',
        en: 'Which time for Portuguese classes suits you best?',
      }),
      options_i18n: JSON.stringify([
        { key: 'o1', label: { 'pt-BR': 'Manhã', es: 'Mañana', en: 'Morning' } },
        { key: 'o2', label: { 'pt-BR': 'Noite', es: 'Noche', en: 'Evening' } },
        { key: 'o3', label: { 'pt-BR': 'Sábado', es: 'Sábado', en: 'Saturday' } },
      ]),
    })
    .execute()
  for (const [who, answer] of [
    ['voter', 'o3'],
    ['resident', 'o2'],
    ['candidate', 'o2'],
    ['counsellor', 'o1'],
    ['delegate', 'o3'],
  ] as const) {
    await trx
      .insertInto('question_answers')
      .values({
        question_id: `${A}-q1`,
        user_id: demoUserId(who),
        consultation_id: A,
        answer: JSON.stringify([answer]),
        answered_at: '2025-03-30T12:00:00.000Z',
      })
      .execute()
  }

  await consultation(trx, DEMO_CONSULTATION_OPEN, {
    title: {
      'pt-BR': 'Campanha 2027 contra a xenofobia: o que ela deve dizer?',
      es: 'Campaña 2027 contra la xenofobia: ¿qué debe decir?',
      en: '2027 campaign against xenophobia: what should it say?',
      fr: 'Campagne 2027 contre la xénophobie : que doit-elle dire ?',
      ht: 'Kanpay 2027 kont ksenofobi: kisa li dwe di?',
    },
    summary: {
      'pt-BR':
        'Comente a proposta de mensagem, públicos e canais da próxima campanha. (Conteúdo de demonstração.)',
      es: 'Comente la propuesta de mensaje, públicos y canales de la próxima campaña. (Contenido de demostración.)',
      en: 'Comment on the proposed message, audiences and channels of the next campaign. (Demonstration content.)',
      ht: 'Bay opinyon ou sou mesaj, piblik ak kanal pwochen kanpay la. (Kontni demonstrasyon.)',
    },
    status: 'open',
    opens: '2026-11-01T12:00:00.000Z',
    closes: '2027-03-31T23:00:00.000Z',
    actions: ['4.1.1'],
    campaigns: [demoCampaignId(2026, 1)],
    sections: [
      {
        heading: { 'pt-BR': 'Mensagem', es: 'Mensaje', en: 'Message', ht: 'Mesaj' },
        paragraphs: [
          {
            'pt-BR':
              'A campanha dirá que São Paulo foi construída por pessoas de todas as origens e que a xenofobia é crime, com o número de denúncia em destaque.',
            es: 'La campaña dirá que São Paulo fue construida por personas de todos los orígenes y que la xenofobia es delito, con el número de denuncia destacado.',
            en: 'The campaign will say that São Paulo was built by people of every origin and that xenophobia is a crime, with the reporting number highlighted.',
            ht: 'Kanpay la ap di São Paulo se moun tout orijin ki bati l, e ksenofobi se yon krim, ak nimewo pou fè denonsyasyon an byen vizib.',
          },
          {
            'pt-BR': 'As peças mostrarão imigrantes reais que vivem na cidade, com sua autorização.',
            es: 'Las piezas mostrarán inmigrantes reales que viven en la ciudad, con su autorización.',
            ht: 'Afich yo ap montre vrè imigran k ap viv nan vil la, avèk otorizasyon yo.',
          },
        ],
      },
      {
        heading: {
          'pt-BR': 'Públicos e canais',
          es: 'Públicos y canales',
          en: 'Audiences and channels',
          ht: 'Piblik ak kanal',
        },
        paragraphs: [
          {
            'pt-BR':
              'O público principal são os atendentes de serviços públicos e os passageiros do transporte coletivo.',
            es: 'El público principal son los funcionarios de atención y los pasajeros del transporte público.',
            ht: 'Piblik prensipal la se moun k ap resevwa piblik nan sèvis leta yo ak pasaje transpò piblik yo.',
          },
          {
            'pt-BR': 'A campanha usará ônibus e metrô, redes sociais e rádios comunitárias, em sete idiomas.',
            es: 'La campaña usará autobuses y metro, redes sociales y radios comunitarias, en siete idiomas.',
            en: 'The campaign will use buses and the metro, social media and community radio, in seven languages.',
            ht: 'Kanpay la ap sèvi ak bis ak metwo, rezo sosyal ak radyo kominotè, nan sèt lang.',
          },
        ],
      },
    ],
  })
  const O = DEMO_CONSULTATION_OPEN
  await comments(trx, O, [
    {
      id: `${O}-c1`,
      p: '1-1',
      by: 'resident',
      name: 'Rosa Quispe',
      lng: 'es',
      at: '2026-11-03T14:00:00.000Z',
      body: 'Además del número de denuncia, expliquen qué pasa después de denunciar: mucha gente tiene miedo.',
      supports: ['voter', 'delegate'],
    },
    {
      id: `${O}-c2`,
      p: '1-1',
      by: 'counsellor',
      name: 'Li Wei',
      lng: 'zh',
      at: '2026-11-05T03:00:00.000Z',
      parent: `${O}-c1`,
      body: '同意，也要说明举报是免费的，不需要证件。',
    },
    {
      id: `${O}-c3`,
      p: '2-2',
      by: 'delegate',
      name: 'Omar Haddad',
      lng: 'ar',
      at: '2026-11-10T19:00:00.000Z',
      body: 'أقترح إضافة رسائل صوتية عبر واتساب للأشخاص الذين لا يقرؤون جيدًا.',
      supports: ['resident'],
    },
  ])
  await trx
    .insertInto('consultation_questions')
    .values({
      id: `${O}-q1`,
      consultation_id: O,
      position: 1,
      kind: 'multiple',
      prompt_i18n: JSON.stringify({
        'pt-BR': 'Onde você gostaria de ver a campanha?',
        es: '¿Dónde le gustaría ver la campaña?',
        en: 'Where would you like to see the campaign?',
        ht: 'Ki kote ou ta renmen wè kanpay la?',
      }),
      options_i18n: JSON.stringify([
        {
          key: 'o1',
          label: {
            'pt-BR': 'Ônibus e metrô',
            es: 'Autobús y metro',
            en: 'Bus and metro',
            ht: 'Bis ak metwo',
          },
        },
        {
          key: 'o2',
          label: { 'pt-BR': 'Redes sociais', es: 'Redes sociales', en: 'Social media', ht: 'Rezo sosyal' },
        },
        {
          key: 'o3',
          label: {
            'pt-BR': 'Rádio comunitária',
            es: 'Radio comunitaria',
            en: 'Community radio',
            ht: 'Radyo kominotè',
          },
        },
        {
          key: 'o4',
          label: {
            'pt-BR': 'Postos de saúde e escolas',
            es: 'Centros de salud y escuelas',
            en: 'Clinics and schools',
            ht: 'Sant sante ak lekòl',
          },
        },
      ]),
    })
    .execute()
}
