import type { Language } from '../../app/i18n/config'

// The demo's translations (issue #19), as translators would write them: Modern Standard Arabic,
// Simplified Chinese, Haitian Creole as Haitians write it, and French, Spanish, English (and
// Portuguese where the original is in another language) for titles. Every proposal is in French
// too, so a delegate reading in French sees each one in French. Proper nouns stay as they are
// (CRAI, CMI, UBS, CEU, São Paulo, Brás). db/seed/translations.ts publishes them through the
// workflow after every feature seed. Ids are the feature seeds' fixed ids.
//
// Texts already written beside the original in the feature seeds (e.g. the election titles in all
// seven languages) are not repeated here: this file adds only languages a text lacks.
//
// Left untranslated ON PURPOSE, one item per language, so readers see the "not yet translated —
// original in Portuguese" note (and translators find something in their queue):
//   ht — plan action 8.1.1 (plan_action.title demo-plan-2021-a8.1.1)
//   ar — 2026 conference proposal "Saúde mental para refugiados" (demo-prop-26-03, title and body)
//   zh — campaign "Trabalho digno não tem fronteira" (campaign.title demo-campaign-2024-1)
export const DELIBERATE_GAPS: readonly { kind: string; id: string; language: Language }[] = [
  { kind: 'plan_action.title', id: 'demo-plan-2021-a8.1.1', language: 'ht' },
  { kind: 'conference_proposal.title', id: 'demo-prop-26-03', language: 'ar' },
  { kind: 'conference_proposal.body', id: 'demo-prop-26-03', language: 'ar' },
  { kind: 'campaign.title', id: 'demo-campaign-2024-1', language: 'zh' },
]

export type DemoTranslation = { kind: string; id: string; language: Language; text: string }
type Texts = Partial<Record<Language, string>>

const entries: DemoTranslation[] = []
function add(kind: string, id: string, texts: Texts) {
  for (const [language, text] of Object.entries(texts) as [Language, string][])
    entries.push({ kind, id, language, text })
}

// ---- Elections (the open 2026 election; its title, and the 2024 election's texts, are complete)
add('election.description', 'demo-election-cpm-2026', {
  en: 'Each voter votes in their own subprefecture. Secret ballot, online or at the polling places.',
  fr: 'Chaque électeur vote dans sa sous-préfecture. Vote secret, par internet ou dans les bureaux de vote.',
  ht: 'Chak elektè vote nan sou-prefekti pa l. Vòt la sekrè, sou entènèt oswa nan biwo vòt yo.',
  ar: 'يصوّت كل ناخب في محافظته الفرعية. الاقتراع سرّي، عبر الإنترنت أو في مراكز الاقتراع.',
  zh: '每位选民在自己所属的行政分区投票。无记名投票，可在网上投票，也可到投票点投票。',
})
// Candidates' statements in the open election (each already has Portuguese and the candidate's own).
add('candidacy.statement', 'demo-cand-se-1', {
  ar: 'مزيد من الأماكن في دور الحضانة في وسط المدينة، وخدمات باللغة الكريولية الهايتية.',
  zh: '在市中心增加托儿所名额，并提供海地克里奥尔语服务。',
})
add('candidacy.statement', 'demo-cand-se-2', {
  ht: 'Fwa kiltirèl ak sipò pou komèsan imigran yo.',
  ar: 'معارض ثقافية ودعم للتجّار المهاجرين.',
  zh: '举办文化集市，支持移民商户。',
})
add('candidacy.statement', 'demo-cand-se-3', {
  ht: 'Akèy pou fanmi refijye yo.',
  zh: '接待和安置难民家庭。',
})
add('candidacy.statement', 'demo-cand-mo-1', {
  ht: 'Sekirite ak limyè nan lari Brás yo.',
  ar: 'الأمن والإنارة في شوارع حيّ براس.',
})
add('candidacy.statement', 'demo-cand-mo-2', {
  ht: 'Enspeksyon kondisyon travay nan atelye yo.',
  ar: 'الرقابة على ظروف العمل في الورش.',
  zh: '加强对作坊劳动条件的监察。',
})
// Polling places (the names are proper nouns; the translation says what the place is).
for (const id of ['demo-place-cmi-2024-crai', 'demo-place-cpm-2026-crai'])
  add('polling_place.name', id, {
    ht: 'CRAI Oriana Jara (sant referans ak sèvis pou imigran)',
    ar: 'مركز استقبال المهاجرين وخدمتهم CRAI Oriana Jara',
    zh: 'CRAI Oriana Jara 移民服务中心',
  })
add('polling_place.name', 'demo-place-cmi-2024-paper', {
  ht: 'Missão Paz (Misyon Lapè)',
  ar: 'Missão Paz (بعثة السلام)',
  zh: 'Missão Paz（和平使团）',
})
add('polling_place.name', 'demo-place-cpm-2026-coimbra', {
  'pt-BR': 'Centro Comunitário da Rua Coimbra',
  en: 'Rua Coimbra Community Centre',
  fr: 'Centre communautaire de la rue Coimbra',
  ht: 'Sant kominotè Ri Coimbra',
  ar: 'المركز المجتمعي في شارع كويمبرا',
  zh: '科英布拉街社区中心',
})

// ---- Conference
add('conference_edition.title', 'demo-conference-2019', {
  ht: '2yèm Konferans Minisipal sou Politik pou Imigran',
  ar: 'المؤتمر البلدي الثاني للسياسات الخاصة بالمهاجرين',
  zh: '第二届市移民政策大会',
})
add('conference_edition.title', 'demo-conference-2026', {
  ht: '3yèm Konferans Minisipal sou Politik pou Imigran',
  ar: 'المؤتمر البلدي الثالث للسياسات الخاصة بالمهاجرين',
  zh: '第三届市移民政策大会',
})
add('conference_edition.motto', 'demo-conference-2019', {
  fr: 'Nous sommes tous citoyens',
  ht: 'Nou tout se sitwayen',
  ar: 'كلّنا مواطنون',
  zh: '我们都是公民',
})
for (const edition of ['demo-conference-2019', 'demo-conference-2026'])
  add('conference_axis.name', `${edition}-axis-x1`, {
    ht: 'Jan ak ras',
    ar: 'النوع الاجتماعي والعِرق',
    zh: '性别与种族',
  })

// Proposals: [id, title translations, body translations]. The original's language is left out.
const PROPOSALS: [string, Texts, Texts][] = [
  [
    'demo-prop-19-01', // pt-BR
    {
      es: 'Consejo con más escaños para inmigrantes',
      en: 'A council with more seats for immigrants',
      fr: 'Un conseil avec plus de sièges pour les immigrés',
      ht: 'Yon konsèy ak plis plas pou imigran',
      ar: 'مجلس بمقاعد أكثر للمهاجرين',
      zh: '委员会中增加移民席位',
    },
    {
      fr: 'Augmenter le nombre de sièges des immigrés au CMI et dans les Conseils participatifs.',
      ht: 'Ogmante kantite plas pou imigran nan CMI a ak nan Konsèy Patisipatif yo.',
      ar: 'زيادة عدد مقاعد المهاجرين في المجلس البلدي للمهاجرين (CMI) وفي المجالس التشاركية.',
      zh: '增加移民在市移民委员会（CMI）和各参与式委员会中的席位。',
    },
  ],
  [
    'demo-prop-19-02', // es
    {
      'pt-BR': 'Conselhos com mais imigrantes',
      en: 'Councils with more immigrants',
      fr: 'Des conseils avec plus d’immigrés',
      ht: 'Konsèy ak plis imigran',
      ar: 'مجالس تضمّ عددًا أكبر من المهاجرين',
      zh: '让更多移民进入委员会',
    },
    {
      'pt-BR': 'Aumentar as cadeiras de imigrantes nos conselhos.',
      fr: 'Augmenter le nombre de sièges réservés aux immigrés dans les conseils.',
      ht: 'Ogmante kantite plas pou imigran nan konsèy yo.',
      ar: 'زيادة عدد المقاعد المخصّصة للمهاجرين في المجالس.',
      zh: '增加移民在各委员会中的席位。',
    },
  ],
  [
    'demo-prop-19-03', // fr
    {
      'pt-BR': 'Formação de lideranças',
      es: 'Formación de liderazgos',
      en: 'Leadership training',
      ht: 'Fòmasyon pou lidè',
      ar: 'التدريب على القيادة',
      zh: '领导力培训',
    },
    {
      'pt-BR': 'Formar lideranças imigrantes para a participação política.',
      ht: 'Fòme lidè imigran pou yo patisipe nan lavi politik.',
      ar: 'تدريب قادة من المهاجرين على المشاركة السياسية.',
      zh: '培训移民领袖参与政治生活。',
    },
  ],
  [
    'demo-prop-19-04', // pt-BR
    {
      es: 'Vivienda para familias inmigrantes',
      en: 'Housing for immigrant families',
      fr: 'Des logements pour les familles immigrées',
      ht: 'Lojman pou fanmi imigran',
      ar: 'سكن للعائلات المهاجرة',
      zh: '为移民家庭提供住房',
    },
    {
      fr: 'Réserver des logements aux familles immigrées en situation de vulnérabilité.',
      ht: 'Rezève lojman pou fanmi imigran ki nan sitiyasyon vilnerab.',
      ar: 'تخصيص وحدات سكنية للعائلات المهاجرة التي تعيش أوضاعًا هشّة.',
      zh: '为处境困难的移民家庭预留保障性住房。',
    },
  ],
  [
    'demo-prop-19-05', // ht
    {
      'pt-BR': 'Moradia para famílias imigrantes',
      es: 'Vivienda para familias inmigrantes',
      en: 'Housing for immigrant families',
      fr: 'Des logements pour les familles immigrées',
      ar: 'سكن للعائلات المهاجرة',
      zh: '为移民家庭提供住房',
    },
    {
      'pt-BR': 'Dar às famílias imigrantes acesso à moradia social.',
      fr: 'Donner aux familles immigrées accès au logement social.',
      ar: 'تمكين العائلات المهاجرة من الحصول على السكن الاجتماعي.',
      zh: '让移民家庭能够获得社会住房。',
    },
  ],
  [
    'demo-prop-19-06', // ar
    {
      'pt-BR': 'Moradia para famílias migrantes',
      es: 'Vivienda para familias migrantes',
      en: 'Housing for migrant families',
      fr: 'Des logements pour les familles migrantes',
      ht: 'Lojman pou fanmi migran',
      zh: '为移民家庭提供住房',
    },
    {
      'pt-BR': 'Oferecer moradia social às famílias migrantes.',
      fr: 'Offrir des logements sociaux aux familles migrantes.',
      ht: 'Bay fanmi migran yo lojman sosyal.',
      zh: '为移民家庭提供社会住房。',
    },
  ],
  [
    'demo-prop-19-07', // es
    {
      'pt-BR': 'Feira de culturas em cada subprefeitura',
      en: 'A culture fair in every subprefecture',
      fr: 'Une foire des cultures dans chaque sous-préfecture',
      ht: 'Yon fwa kilti nan chak sou-prefekti',
      ar: 'معرض للثقافات في كل محافظة فرعية',
      zh: '每个行政分区举办文化集市',
    },
    {
      'pt-BR': 'Uma feira anual de culturas imigrantes em cada subprefeitura.',
      fr: 'Une foire annuelle des cultures immigrées dans chaque sous-préfecture.',
      ht: 'Yon fwa chak ane pou kilti imigran yo nan chak sou-prefekti.',
      ar: 'معرض سنوي لثقافات المهاجرين في كل محافظة فرعية.',
      zh: '每年在每个行政分区举办一次移民文化集市。',
    },
  ],
  [
    'demo-prop-19-08', // pt-BR
    {
      es: 'Festival de culturas inmigrantes',
      en: 'Festival of immigrant cultures',
      fr: 'Festival des cultures immigrées',
      ht: 'Festival kilti imigran',
      ar: 'مهرجان ثقافات المهاجرين',
      zh: '移民文化节',
    },
    {
      fr: 'Soutenir les festivals culturels organisés par des collectifs d’immigrés.',
      ht: 'Sipòte festival kiltirèl kolektif imigran yo òganize.',
      ar: 'دعم المهرجانات الثقافية التي تنظّمها تجمّعات المهاجرين.',
      zh: '支持移民团体举办的文化节。',
    },
  ],
  [
    'demo-prop-19-09', // pt-BR
    {
      es: 'Campaña contra la xenofobia',
      en: 'Campaign against xenophobia',
      fr: 'Campagne contre la xénophobie',
      ht: 'Kanpay kont ksenofobi',
      ar: 'حملة ضد كراهية الأجانب',
      zh: '反仇外宣传活动',
    },
    {
      fr: 'Des campagnes permanentes contre la xénophobie et le racisme dans les transports en commun.',
      ht: 'Kanpay ki pa janm kanpe kont ksenofobi ak rasis nan transpò piblik.',
      ar: 'حملات دائمة ضد كراهية الأجانب والعنصرية في وسائل النقل العام.',
      zh: '在公共交通中长期开展反对仇外心理和种族主义的宣传活动。',
    },
  ],
  [
    'demo-prop-19-10', // fr
    {
      'pt-BR': 'Canal de denúncia de xenofobia',
      es: 'Canal de denuncia de la xenofobia',
      en: 'A channel for reporting xenophobia',
      ht: 'Yon kanal pou denonse ksenofobi',
      ar: 'قناة للإبلاغ عن كراهية الأجانب',
      zh: '仇外事件举报渠道',
    },
    {
      'pt-BR': 'Criar um canal multilíngue para denunciar a xenofobia.',
      ht: 'Kreye yon kanal nan plizyè lang pou moun ka denonse ksenofobi.',
      ar: 'إنشاء قناة متعددة اللغات للإبلاغ عن كراهية الأجانب.',
      zh: '建立多语种渠道，方便举报仇外事件。',
    },
  ],
  [
    'demo-prop-19-11', // es
    {
      'pt-BR': 'Atendimento a mulheres migrantes vítimas de violência',
      en: 'Support for migrant women who are victims of violence',
      fr: 'Accueil des femmes migrantes victimes de violence',
      ht: 'Sèvis pou fanm migran ki viktim vyolans',
      ar: 'رعاية النساء المهاجرات ضحايا العنف',
      zh: '为遭受暴力的移民女性提供服务',
    },
    {
      'pt-BR': 'Intérpretes nos centros de atendimento à mulher.',
      fr: 'Des interprètes dans les centres d’accueil pour les femmes.',
      ht: 'Entèprèt nan sant ki resevwa fanm yo.',
      ar: 'توفير مترجمين فوريين في مراكز خدمة المرأة.',
      zh: '在妇女服务中心配备口译员。',
    },
  ],
  [
    'demo-prop-19-12', // pt-BR
    {
      es: 'Acogida de personas LGBTI+ inmigrantes',
      en: 'Shelter for LGBTI+ immigrants',
      fr: 'Accueil des personnes LGBTI+ immigrées',
      ht: 'Akèy pou moun LGBTI+ ki imigran',
      ar: 'استقبال المهاجرين من مجتمع الميم (LGBTI+)',
      zh: '接待LGBTI+移民',
    },
    {
      fr: 'Des maisons d’accueil avec un accompagnement multilingue.',
      ht: 'Kay akèy kote moun jwenn sèvis nan plizyè lang.',
      ar: 'دور إيواء تقدّم خدماتها بعدة لغات.',
      zh: '设立提供多语种服务的庇护所。',
    },
  ],
  [
    'demo-prop-19-13', // pt-BR
    {
      es: 'Fiscalización en los talleres de costura',
      en: 'Inspection of sewing workshops',
      fr: 'Contrôle des ateliers de couture',
      ht: 'Enspeksyon nan atelye koutiti yo',
      ar: 'الرقابة على ورش الخياطة',
      zh: '监察制衣作坊',
    },
    {
      fr: 'Combattre le travail analogue à l’esclavage dans les ateliers.',
      ht: 'Konbat travay ki sanble ak esklavaj nan atelye yo.',
      ar: 'مكافحة العمل الشبيه بالعبودية في الورش.',
      zh: '打击作坊中类似奴役的劳动。',
    },
  ],
  [
    'demo-prop-19-14', // es
    {
      'pt-BR': 'Revalidação de diplomas',
      en: 'Recognition of diplomas',
      fr: 'Reconnaissance des diplômes',
      ht: 'Revalidasyon diplòm',
      ar: 'معادلة الشهادات',
      zh: '学历认证',
    },
    {
      'pt-BR': 'Facilitar a revalidação de diplomas profissionais.',
      fr: 'Faciliter la reconnaissance des diplômes professionnels.',
      ht: 'Fasilite revalidasyon diplòm pwofesyonèl yo.',
      ar: 'تسهيل معادلة الشهادات المهنية.',
      zh: '简化职业学历认证手续。',
    },
  ],
  [
    'demo-prop-19-15', // ht
    {
      'pt-BR': 'Revalidação de diplomas',
      es: 'Revalidación de diplomas',
      en: 'Recognition of diplomas',
      fr: 'Reconnaissance des diplômes',
      ar: 'معادلة الشهادات',
      zh: '学历认证',
    },
    {
      'pt-BR': 'Facilitar o reconhecimento de diplomas profissionais.',
      fr: 'Faciliter la reconnaissance des diplômes professionnels.',
      ar: 'تسهيل الاعتراف بالشهادات المهنية.',
      zh: '为职业学历的认可提供便利。',
    },
  ],
  [
    'demo-prop-19-16', // pt-BR
    {
      es: 'Portugués para inmigrantes en los CEU',
      en: 'Portuguese for immigrants at the CEUs',
      fr: 'Du portugais pour les immigrés dans les CEU',
      ht: 'Pòtigè pou imigran nan CEU yo',
      ar: 'البرتغالية للمهاجرين في مراكز CEU',
      zh: '在CEU教育中心为移民开设葡萄牙语课',
    },
    {
      fr: 'Des cours de portugais gratuits dans tous les CEU (centres éducatifs unifiés).',
      ht: 'Kou pòtigè gratis nan tout CEU yo (sant edikasyon inifye).',
      ar: 'دورات مجانية في اللغة البرتغالية في جميع مراكز CEU (المراكز التعليمية الموحّدة).',
      zh: '在所有CEU（统一教育中心）开设免费葡萄牙语课程。',
    },
  ],
  [
    'demo-prop-19-17', // fr
    {
      'pt-BR': 'Cursos de português gratuitos',
      es: 'Cursos de portugués gratuitos',
      en: 'Free Portuguese classes',
      ht: 'Kou pòtigè gratis',
      ar: 'دورات مجانية في اللغة البرتغالية',
      zh: '免费葡萄牙语课程',
    },
    {
      'pt-BR': 'Cursos de português gratuitos em todos os bairros.',
      ht: 'Kou pòtigè gratis nan tout katye yo.',
      ar: 'دورات مجانية في اللغة البرتغالية في جميع الأحياء.',
      zh: '在所有街区开设免费葡萄牙语课程。',
    },
  ],
  [
    'demo-prop-19-18', // zh
    {
      'pt-BR': 'Cursos de português gratuitos',
      es: 'Cursos de portugués gratuitos',
      en: 'Free Portuguese courses',
      fr: 'Cours de portugais gratuits',
      ht: 'Kou pòtigè gratis',
      ar: 'دورات مجانية في اللغة البرتغالية',
    },
    {
      'pt-BR': 'Abrir cursos de português gratuitos em todas as regiões.',
      fr: 'Ouvrir des cours de portugais gratuits dans tous les quartiers.',
      ht: 'Louvri kou pòtigè gratis nan tout zòn yo.',
      ar: 'فتح دورات مجانية في اللغة البرتغالية في جميع المناطق.',
    },
  ],
  [
    'demo-prop-19-19', // pt-BR
    {
      es: 'Intérpretes en las UBS',
      en: 'Interpreters at the UBS clinics',
      fr: 'Des interprètes dans les UBS',
      ht: 'Entèprèt nan UBS yo',
      ar: 'مترجمون فوريون في المراكز الصحية الأساسية (UBS)',
      zh: '在基本卫生站（UBS）配备口译员',
    },
    {
      fr: 'Des interprètes et des documents en plusieurs langues dans les centres de santé de base (UBS).',
      ht: 'Entèprèt ak dokiman nan plizyè lang nan sant sante debaz yo (UBS).',
      ar: 'مترجمون فوريون ومواد بعدة لغات في المراكز الصحية الأساسية (UBS).',
      zh: '在基本卫生站（UBS）配备口译员，并提供多语种资料。',
    },
  ],
  [
    'demo-prop-19-20', // es
    {
      'pt-BR': 'Intérpretes nos postos de saúde',
      en: 'Interpreters at health centres',
      fr: 'Des interprètes dans les centres de santé',
      ht: 'Entèprèt nan sant sante yo',
      ar: 'مترجمون فوريون في المراكز الصحية',
      zh: '在卫生站配备口译员',
    },
    {
      'pt-BR': 'Contar com intérpretes nas UBS.',
      fr: 'Avoir des interprètes dans les UBS.',
      ht: 'Mete entèprèt nan UBS yo.',
      ar: 'توفير مترجمين فوريين في المراكز الصحية الأساسية (UBS).',
      zh: '在基本卫生站（UBS）配备口译员。',
    },
  ],
  [
    'demo-prop-19-21', // pt-BR
    {
      es: 'Campeonato de fútbol inmigrante',
      en: 'Immigrant football championship',
      fr: 'Championnat de football des immigrés',
      ht: 'Chanpyona foutbòl imigran',
      ar: 'بطولة كرة القدم للمهاجرين',
      zh: '移民足球锦标赛',
    },
    {
      fr: 'Soutenir la Coupe des immigrés (Copa dos Imigrantes).',
      ht: 'Sipòte Koup Imigran yo (Copa dos Imigrantes).',
      ar: 'دعم كأس المهاجرين (Copa dos Imigrantes).',
      zh: '支持“移民杯”足球赛（Copa dos Imigrantes）。',
    },
  ],
  [
    'demo-prop-19-c1', // pt-BR, consolidated
    {
      es: 'Enseñanza gratuita de portugués en todas las regiones',
      en: 'Free Portuguese teaching in every region',
      fr: 'Enseignement gratuit du portugais dans toutes les régions',
      ht: 'Kou pòtigè gratis nan tout rejyon yo',
      ar: 'تعليم مجاني للغة البرتغالية في جميع المناطق',
      zh: '在所有地区免费教授葡萄牙语',
    },
    {
      fr: 'Des cours de portugais gratuits pour les immigrés dans les CEU et d’autres équipements publics, dans toutes les régions.',
      ht: 'Kou pòtigè gratis pou imigran nan CEU yo ak nan lòt lokal piblik, nan tout rejyon yo.',
      ar: 'دورات مجانية في اللغة البرتغالية للمهاجرين في مراكز CEU وفي مرافق عامة أخرى، في جميع المناطق.',
      zh: '在所有地区的CEU教育中心和其他公共场所为移民开设免费葡萄牙语课程。',
    },
  ],
  [
    'demo-prop-19-c2', // pt-BR, consolidated
    {
      es: 'Intérpretes comunitarios en la red de salud',
      en: 'Community interpreters in the health network',
      fr: 'Des interprètes communautaires dans le réseau de santé',
      ht: 'Entèprèt kominotè nan sèvis sante yo',
      ar: 'مترجمون فوريون مجتمعيون في شبكة الرعاية الصحية',
      zh: '在医疗网络中配备社区口译员',
    },
    {
      fr: 'Recruter des interprètes communautaires et traduire les documents dans les UBS.',
      ht: 'Anboche entèprèt kominotè epi tradui dokiman yo nan UBS yo.',
      ar: 'توظيف مترجمين فوريين مجتمعيين وترجمة المواد في المراكز الصحية الأساسية (UBS).',
      zh: '聘用社区口译员，并翻译基本卫生站（UBS）的资料。',
    },
  ],
  [
    'demo-prop-19-c3', // pt-BR, consolidated
    {
      es: 'Revalidación de diplomas sin burocracia',
      en: 'Diploma recognition without red tape',
      fr: 'La reconnaissance des diplômes sans bureaucratie',
      ht: 'Revalidasyon diplòm san biwokrasi',
      ar: 'معادلة الشهادات دون بيروقراطية',
      zh: '简化学历认证，减少繁文缛节',
    },
    {
      fr: 'Informer et accompagner les immigrés pour faire reconnaître leurs diplômes professionnels.',
      ht: 'Bay imigran yo enfòmasyon ak sipò pou yo fè rekonèt diplòm pwofesyonèl yo.',
      ar: 'إرشاد المهاجرين ودعمهم لمعادلة شهاداتهم المهنية.',
      zh: '为移民提供指导和支持，帮助他们完成职业学历认证。',
    },
  ],
  [
    'demo-prop-26-01', // pt-BR
    {
      es: 'Matrícula escolar sin exigir documentos',
      en: 'School enrolment without requiring documents',
      fr: 'L’inscription scolaire sans exiger de papiers',
      ht: 'Enskripsyon lekòl san mande papye',
      ar: 'التسجيل المدرسي دون اشتراط الوثائق',
      zh: '入学不要求出示证件',
    },
    {
      fr: 'Garantir l’inscription des enfants immigrés, même sans papiers brésiliens.',
      ht: 'Garanti timoun imigran yo ka enskri lekòl, menm si yo pa gen papye brezilyen.',
      ar: 'ضمان تسجيل أطفال المهاجرين في المدارس حتى من دون وثائق برازيلية.',
      zh: '保障移民儿童即使没有巴西证件也能入学。',
    },
  ],
  [
    'demo-prop-26-02', // es
    {
      'pt-BR': 'Aulas de português aos sábados',
      en: 'Portuguese classes on Saturdays',
      fr: 'Des cours de portugais le samedi',
      ht: 'Kou pòtigè le samdi',
      ar: 'دروس البرتغالية أيام السبت',
      zh: '周六葡萄牙语课',
    },
    {
      'pt-BR': 'Abrir aulas de português aos sábados para quem trabalha durante a semana.',
      fr: 'Ouvrir des cours de portugais le samedi pour celles et ceux qui travaillent en semaine.',
      ht: 'Louvri kou pòtigè le samdi pou moun ki travay pandan semèn nan.',
      ar: 'فتح دروس البرتغالية أيام السبت لمن يعملون خلال الأسبوع.',
      zh: '为平日工作的人开设周六葡萄牙语课。',
    },
  ],
  [
    'demo-prop-26-03', // pt-BR; no Arabic on purpose (see DELIBERATE_GAPS)
    {
      es: 'Salud mental para refugiados',
      en: 'Mental health care for refugees',
      fr: 'Santé mentale des réfugiés',
      ht: 'Sante mantal pou refijye yo',
      zh: '为难民提供心理健康服务',
    },
    {
      fr: 'Un accompagnement psychologique avec interprètes pour les personnes réfugiées.',
      ht: 'Swen sikolojik ak entèprèt pou moun ki refijye.',
      zh: '为难民提供配备口译员的心理咨询服务。',
    },
  ],
]
for (const [id, title, body] of PROPOSALS) {
  add('conference_proposal.title', id, title)
  add('conference_proposal.body', id, body)
}

// ---- The Municipal Plan (the edition in force; the draft 2025 edition is not public yet)
add('plan_edition.title', 'demo-plan-2021', {
  fr: 'Plan municipal des politiques pour les immigrés 2021–2024 (démonstration)',
  ht: 'Plan Minisipal Politik pou Imigran 2021–2024 (demonstrasyon)',
  ar: 'الخطة البلدية للسياسات الخاصة بالمهاجرين 2021–2024 (نسخة تجريبية)',
  zh: '2021–2024年市移民政策计划（演示）',
})
const BODIES: [string, Texts][] = [
  [
    'body-smdhc',
    {
      fr: 'Secrétariat municipal aux droits humains et à la citoyenneté',
      ht: 'Sekretarya Minisipal Dwa Moun ak Sitwayènte',
      ar: 'الأمانة البلدية لحقوق الإنسان والمواطنة',
      zh: '市人权与公民事务局',
    },
  ],
  [
    'body-smads',
    {
      fr: 'Secrétariat municipal à l’assistance et au développement social',
      ht: 'Sekretarya Minisipal Asistans ak Devlopman Sosyal',
      ar: 'الأمانة البلدية للمساعدة والتنمية الاجتماعية',
      zh: '市社会救助与发展局',
    },
  ],
  [
    'body-sme',
    {
      fr: 'Secrétariat municipal à l’éducation',
      ht: 'Sekretarya Minisipal Edikasyon',
      ar: 'الأمانة البلدية للتعليم',
      zh: '市教育局',
    },
  ],
  [
    'body-sms',
    {
      fr: 'Secrétariat municipal à la santé',
      ht: 'Sekretarya Minisipal Sante',
      ar: 'الأمانة البلدية للصحة',
      zh: '市卫生局',
    },
  ],
  [
    'body-smdet',
    {
      fr: 'Secrétariat municipal au développement économique et au travail',
      ht: 'Sekretarya Minisipal Devlopman Ekonomik ak Travay',
      ar: 'الأمانة البلدية للتنمية الاقتصادية والعمل',
      zh: '市经济发展与劳动局',
    },
  ],
  [
    'body-smc',
    {
      fr: 'Secrétariat municipal à la culture',
      ht: 'Sekretarya Minisipal Kilti',
      ar: 'الأمانة البلدية للثقافة',
      zh: '市文化局',
    },
  ],
  [
    'body-cmi',
    {
      fr: 'Conseil municipal des immigrés',
      ht: 'Konsèy Minisipal Imigran',
      ar: 'المجلس البلدي للمهاجرين',
      zh: '市移民委员会',
    },
  ],
]
for (const [id, name] of BODIES) add('plan_body.name', id, name)

const OBJECTIVES: [string, Texts][] = [
  [
    '1.1',
    {
      fr: 'Renforcer la participation des immigrés aux instances de gouvernance',
      ht: 'Ranfòse patisipasyon imigran nan enstans kote yo pran desizyon yo',
      ar: 'تعزيز مشاركة المهاجرين في هيئات الحوكمة',
      zh: '加强移民对治理机构的参与',
    },
  ],
  [
    '2.1',
    {
      fr: 'Garantir l’accueil et un logement digne',
      ht: 'Garanti akèy ak yon lojman diy',
      ar: 'ضمان الاستقبال والسكن اللائق',
      zh: '保障接待安置和体面住房',
    },
  ],
  [
    '3.1',
    {
      fr: 'Valoriser la diversité culturelle des communautés immigrées',
      ht: 'Valorize divèsite kiltirèl kominote imigran yo',
      ar: 'تثمين التنوّع الثقافي لمجتمعات المهاجرين',
      zh: '弘扬移民社区的文化多样性',
    },
  ],
  [
    '4.1',
    {
      fr: 'Combattre la xénophobie, le racisme et l’intolérance religieuse',
      ht: 'Konbat ksenofobi, rasis ak entolerans relijye',
      ar: 'مكافحة كراهية الأجانب والعنصرية والتعصّب الديني',
      zh: '反对仇外心理、种族主义和宗教不宽容',
    },
  ],
  [
    '5.1',
    {
      fr: 'Protéger les femmes et les personnes LGBTI+ immigrées',
      ht: 'Pwoteje fanm ak moun LGBTI+ ki imigran',
      ar: 'حماية النساء المهاجرات والمهاجرين من مجتمع الميم (LGBTI+)',
      zh: '保护移民女性和LGBTI+移民',
    },
  ],
  [
    '6.1',
    {
      fr: 'Promouvoir le travail décent et la création de revenus',
      ht: 'Ankouraje travay diy ak fason pou moun fè lajan',
      ar: 'تعزيز العمل اللائق وتوليد الدخل',
      zh: '促进体面劳动，增加收入',
    },
  ],
  [
    '7.1',
    {
      fr: 'Garantir l’éducation et l’enseignement du portugais',
      ht: 'Garanti edikasyon ak ansèyman pòtigè',
      ar: 'ضمان التعليم وتعليم اللغة البرتغالية',
      zh: '保障教育和葡萄牙语教学',
    },
  ],
  [
    '8.1',
    {
      fr: 'Élargir l’accès à la santé, aux loisirs et au sport',
      ht: 'Bay plis aksè a sante, lwazi ak espò',
      ar: 'توسيع الوصول إلى الصحة والترفيه والرياضة',
      zh: '扩大医疗、休闲和体育服务的覆盖面',
    },
  ],
]
for (const [code, title] of OBJECTIVES) add('plan_objective.title', `demo-plan-2021-o${code}`, title)

const ACTIONS: [string, Texts][] = [
  [
    '1.1.1',
    {
      fr: 'Organiser les élections du CMI avec une large diffusion multilingue',
      ht: 'Òganize eleksyon CMI a ak anpil piblisite nan plizyè lang',
      ar: 'تنظيم انتخابات المجلس البلدي للمهاجرين (CMI) مع إعلان واسع بعدة لغات',
      zh: '举办CMI选举，并以多种语言广泛宣传',
    },
  ],
  [
    '1.1.2',
    {
      fr: 'Consulter la population immigrée sur les campagnes et le Plan',
      ht: 'Konsilte popilasyon imigran an sou kanpay yo ak sou Plan an',
      ar: 'استشارة السكان المهاجرين بشأن الحملات والخطة',
      zh: '就宣传活动和本计划征求移民群体的意见',
    },
  ],
  [
    '2.1.1',
    {
      fr: 'Augmenter le nombre de places dans les centres d’accueil pour immigrés',
      ht: 'Ogmante kantite plas nan sant akèy pou imigran yo',
      ar: 'زيادة عدد الأماكن في مراكز إيواء المهاجرين',
      zh: '增加移民接待中心的床位',
    },
  ],
  [
    '2.1.2',
    {
      fr: 'Réduire le délai d’attente pour l’accompagnement social',
      ht: 'Diminye tan moun ap tann pou yo jwenn asistans sosyal',
      ar: 'تقليص مدة الانتظار للحصول على خدمات المساعدة الاجتماعية',
      zh: '缩短社会救助服务的等候时间',
    },
  ],
  [
    '3.1.1',
    {
      fr: 'Soutenir les fêtes et les foires culturelles des communautés immigrées',
      ht: 'Sipòte fèt ak fwa kiltirèl kominote imigran yo',
      ar: 'دعم الاحتفالات والمعارض الثقافية لمجتمعات المهاجرين',
      zh: '支持移民社区的节庆和文化集市',
    },
  ],
  [
    '4.1.1',
    {
      fr: 'Mener deux campagnes par an contre la xénophobie et la discrimination',
      ht: 'Fè de kanpay chak ane kont ksenofobi ak diskriminasyon',
      ar: 'تنظيم حملتين سنويًا ضد كراهية الأجانب والتمييز',
      zh: '每年开展两次反对仇外心理和歧视的宣传活动',
    },
  ],
  [
    '4.1.2',
    {
      fr: 'Former les agents publics à un accueil sans discrimination',
      ht: 'Fòme anplwaye leta pou yo resevwa moun san diskriminasyon',
      ar: 'تدريب الموظفين العموميين على تقديم الخدمة دون تمييز',
      zh: '培训公职人员提供无歧视服务',
    },
  ],
  [
    '4.1.3',
    {
      fr: 'Enregistrer et transmettre les signalements de xénophobie',
      ht: 'Anrejistre plent pou ksenofobi epi voye yo bay moun ki responsab yo',
      ar: 'تسجيل بلاغات كراهية الأجانب وإحالتها',
      zh: '登记并转交仇外事件举报',
    },
  ],
  [
    '5.1.1',
    {
      fr: 'Accueillir dans leur langue les femmes immigrées victimes de violence',
      ht: 'Resevwa fanm imigran ki viktim vyolans nan pwòp lang yo',
      ar: 'خدمة النساء المهاجرات المعرَّضات للعنف بلغتهن',
      zh: '用受暴力侵害的移民女性的母语为她们提供服务',
    },
  ],
  [
    '6.1.1',
    {
      fr: 'Orienter les immigrés vers des emplois déclarés',
      ht: 'Voye imigran yo sou travay fòmèl',
      ar: 'توجيه المهاجرين إلى فرص العمل الرسمي',
      zh: '为移民推荐正规就业岗位',
    },
  ],
  [
    '6.1.2',
    {
      fr: 'Faire reconnaître les diplômes et les compétences professionnelles',
      ht: 'Fè rekonèt diplòm ak konpetans pwofesyonèl yo',
      ar: 'معادلة الشهادات والاعتراف بالكفاءات المهنية',
      zh: '认证学历和职业技能',
    },
  ],
  [
    '7.1.1',
    {
      fr: 'Proposer des cours de portugais aux immigrés dans toutes les régions',
      ht: 'Ofri kou pòtigè pou imigran nan tout rejyon yo',
      ar: 'تقديم دورات في اللغة البرتغالية للمهاجرين في جميع المناطق',
      zh: '在所有地区为移民开设葡萄牙语课程',
    },
  ],
  [
    '7.1.2',
    {
      fr: 'Inscrire à l’école les enfants immigrés sans exiger de papiers',
      ht: 'Enskri timoun imigran lekòl san mande papye',
      ar: 'تسجيل أطفال المهاجرين في المدارس دون اشتراط الوثائق',
      zh: '移民儿童入学无需出示证件',
    },
  ],
  [
    '8.1.1', // no Haitian Creole on purpose (see DELIBERATE_GAPS)
    {
      fr: 'Recruter des agents de santé immigrés dans les UBS les plus sollicitées',
      ar: 'توظيف عاملين صحيين من المهاجرين في المراكز الصحية الأساسية (UBS) الأكثر إقبالًا',
      zh: '在需求最大的基本卫生站（UBS）聘用移民卫生工作者',
    },
  ],
]
for (const [code, title] of ACTIONS) add('plan_action.title', `demo-plan-2021-a${code}`, title)

const INDICATORS: [string, Texts][] = [
  [
    '1.1.1-i1',
    {
      fr: 'Électeurs immigrés inscrits',
      ht: 'Elektè imigran ki enskri',
      ar: 'الناخبون المهاجرون المسجَّلون',
      zh: '已登记的移民选民',
    },
  ],
  [
    '1.1.2-i1',
    {
      fr: 'Consultations publiques menées par an',
      ht: 'Konsiltasyon piblik ki fèt chak ane',
      ar: 'الاستشارات العامة المنظَّمة سنويًا',
      zh: '每年开展的公众咨询次数',
    },
  ],
  [
    '2.1.1-i1',
    {
      fr: 'Places dans les centres d’accueil',
      ht: 'Plas nan sant akèy yo',
      ar: 'الأماكن في مراكز الإيواء',
      zh: '接待中心床位数',
    },
  ],
  [
    '2.1.2-i1',
    {
      fr: 'Délai d’attente moyen',
      ht: 'Tan mwayen moun ap tann',
      ar: 'متوسط مدة الانتظار',
      zh: '平均等候时间',
    },
  ],
  [
    '3.1.1-i1',
    {
      fr: 'Événements culturels soutenus',
      ht: 'Evènman kiltirèl ki jwenn sipò',
      ar: 'الفعاليات الثقافية المدعومة',
      zh: '获支持的文化活动',
    },
  ],
  [
    '4.1.1-i1',
    {
      fr: 'Campagnes menées par an',
      ht: 'Kanpay ki fèt chak ane',
      ar: 'الحملات المنفَّذة سنويًا',
      zh: '每年开展的宣传活动次数',
    },
  ],
  [
    '4.1.2-i1',
    {
      fr: 'Agents publics formés',
      ht: 'Anplwaye leta ki fòme',
      ar: 'الموظفون العموميون الذين تلقَّوا التدريب',
      zh: '已培训的公职人员',
    },
  ],
  [
    '4.1.3-i1',
    {
      fr: 'Signalements sans réponse après 30 jours',
      ht: 'Plent ki pa jwenn repons apre 30 jou',
      ar: 'البلاغات التي لم يُرَدّ عليها بعد 30 يومًا',
      zh: '30天后仍未答复的举报',
    },
  ],
  [
    '5.1.1-i1',
    {
      fr: 'Accueils avec interprète',
      ht: 'Sèvis ak entèprèt',
      ar: 'الخدمات المقدَّمة بحضور مترجم فوري',
      zh: '有口译员协助的服务人次',
    },
  ],
  [
    '6.1.1-i1',
    {
      fr: 'Immigrés orientés vers des offres d’emploi',
      ht: 'Imigran yo voye sou travay',
      ar: 'المهاجرون الذين وُجِّهوا إلى وظائف شاغرة',
      zh: '获推荐就业的移民人数',
    },
  ],
  [
    '6.1.2-i1',
    {
      fr: 'Demandes de reconnaissance de diplôme accompagnées',
      ht: 'Demann revalidasyon diplòm ki jwenn konsèy',
      ar: 'طلبات معادلة الشهادات التي حظيت بالتوجيه',
      zh: '获指导的学历认证申请',
    },
  ],
  [
    '7.1.1-i1',
    {
      fr: 'Places dans les cours de portugais',
      ht: 'Plas nan kou pòtigè yo',
      ar: 'المقاعد في دورات اللغة البرتغالية',
      zh: '葡萄牙语课程名额',
    },
  ],
  [
    '7.1.1-i2',
    {
      fr: 'Sous-préfectures proposant un cours',
      ht: 'Sou-prefekti ki gen kou',
      ar: 'المحافظات الفرعية التي تتوفّر فيها دورة',
      zh: '开设课程的行政分区',
    },
  ],
  [
    '7.1.2-i1',
    {
      fr: 'Refus d’inscription signalés',
      ht: 'Refi enskripsyon ki anrejistre',
      ar: 'حالات رفض التسجيل المسجَّلة',
      zh: '登记在案的拒绝入学案例',
    },
  ],
  [
    '8.1.1-i1',
    {
      fr: 'Agents de santé immigrés',
      ht: 'Ajan sante imigran',
      ar: 'العاملون الصحيون من المهاجرين',
      zh: '移民卫生工作者',
    },
  ],
]
for (const [code, name] of INDICATORS) add('plan_indicator.name', `demo-plan-2021-a${code}`, name)

const CAMPAIGNS: [string, Texts][] = [
  [
    '2021-1',
    {
      fr: 'São Paulo appartient à tous les peuples',
      ht: 'São Paulo se pou tout pèp',
      ar: 'ساو باولو مدينة لكل الشعوب',
      zh: '圣保罗属于所有民族',
    },
  ],
  [
    '2021-2',
    {
      fr: 'Connaissez vos droits dans la ville',
      ht: 'Konnen dwa ou nan vil la',
      ar: 'اعرف حقوقك في المدينة',
      zh: '了解你在这座城市的权利',
    },
  ],
  [
    '2022-1',
    {
      fr: 'Le racisme n’est pas une opinion',
      ht: 'Rasis se pa yon opinyon',
      ar: 'العنصرية ليست رأيًا',
      zh: '种族主义不是一种观点',
    },
  ],
  [
    '2022-2',
    {
      fr: 'Les immigrés aussi sont des citoyens',
      ht: 'Imigran se sitwayen tou',
      ar: 'المهاجر مواطن أيضًا',
      zh: '移民也是公民',
    },
  ],
  [
    '2023-1',
    {
      fr: 'Toutes les croyances, une seule ville',
      ht: 'Tout relijyon, yon sèl vil',
      ar: 'كل الأديان، مدينة واحدة',
      zh: '信仰各异，同城共处',
    },
  ],
  [
    '2023-2',
    {
      fr: 'La xénophobie est un délit : signalez-la',
      ht: 'Ksenofobi se yon krim: denonse l',
      ar: 'كراهية الأجانب جريمة: بلِّغ عنها',
      zh: '仇外是犯罪：请举报',
    },
  ],
  [
    '2024-1', // no Chinese on purpose (see DELIBERATE_GAPS)
    {
      fr: 'Le travail digne n’a pas de frontières',
      ht: 'Travay diy pa gen fwontyè',
      ar: 'العمل اللائق لا يعرف حدودًا',
    },
  ],
  [
    '2024-2',
    {
      fr: 'Femme immigrée, tu n’es pas seule',
      ht: 'Fanm imigran, ou pa poukont ou',
      ar: 'أيتها المرأة المهاجرة، لستِ وحدكِ',
      zh: '移民女性，你并不孤单',
    },
  ],
  [
    '2025-1',
    {
      fr: 'Un accent n’est pas un défaut',
      ht: 'Aksan se pa yon defo',
      ar: 'اللكنة ليست عيبًا',
      zh: '口音不是缺陷',
    },
  ],
  [
    '2025-2',
    {
      fr: 'Respectez ce qui est sacré pour l’autre',
      ht: 'Respekte sa ki sakre pou lòt moun',
      ar: 'احترم مقدّسات الآخرين',
      zh: '尊重他人心中的神圣',
    },
  ],
  [
    '2026-1',
    {
      fr: 'Ici, on parle beaucoup de langues',
      ht: 'Isit la, moun pale anpil lang',
      ar: 'هنا نتحدّث لغات كثيرة',
      zh: '这里说着多种语言',
    },
  ],
  [
    '2026-2',
    {
      fr: 'Le racisme se soigne : par l’éducation',
      ht: 'Rasis gen remèd: se edikasyon',
      ar: 'للعنصرية علاج: التعليم',
      zh: '种族主义可以治愈：靠教育',
    },
  ],
]
for (const [key, title] of CAMPAIGNS) add('campaign.title', `demo-campaign-${key}`, title)
add('campaign_material.label', 'demo-material-2026-1-a', {
  es: 'Cartel (PDF) — ejemplo',
  en: 'Poster (PDF) — example',
  fr: 'Affiche (PDF) — exemple',
  ht: 'Afich (PDF) — egzanp',
  ar: 'ملصق (PDF) — نموذج',
  zh: '海报（PDF）— 示例',
})
add('campaign_material.label', 'demo-material-2026-1-b', {
  'pt-BR': 'Cartaz (PDF) — exemplo',
  es: 'Cartel (PDF) — ejemplo',
  en: 'Poster (PDF) — example',
  fr: 'Affiche (PDF) — exemple',
  ar: 'ملصق (PDF) — نموذج',
  zh: '海报（PDF）— 示例',
})

// ---- Consultations: the open one in full, and the answered one (its list entry and its text)
const OPEN = 'demo-consultation-campaign-2027'
add('consultation.title', OPEN, {
  ar: 'حملة 2027 ضد كراهية الأجانب: ماذا ينبغي أن تقول؟',
  zh: '2027年反仇外宣传活动：应该传达什么？',
})
add('consultation.summary', OPEN, {
  fr: 'Commentez le message, les publics et les canaux proposés pour la prochaine campagne. (Contenu de démonstration.)',
  ar: 'علِّق على الرسالة والجمهور والقنوات المقترحة للحملة القادمة. (محتوى تجريبي.)',
  zh: '请就下一次宣传活动拟定的信息、受众和渠道发表意见。（演示内容。）',
})
add('consultation_section.heading', `${OPEN}-s1`, { fr: 'Message', ar: 'الرسالة', zh: '信息' })
add('consultation_section.heading', `${OPEN}-s2`, {
  fr: 'Publics et canaux',
  ar: 'الجمهور والقنوات',
  zh: '受众和渠道',
})
add('consultation_paragraph.body', `${OPEN}-p1-1`, {
  fr: 'La campagne dira que São Paulo a été construite par des personnes de toutes origines et que la xénophobie est un délit, avec le numéro de signalement bien en vue.',
  ar: 'ستقول الحملة إن ساو باولو بناها أناس من كل الأصول، وإن كراهية الأجانب جريمة، مع إبراز رقم الإبلاغ.',
  zh: '宣传活动将说明：圣保罗是由来自各地的人们共同建设的，仇外是犯罪，并醒目标出举报电话。',
})
add('consultation_paragraph.body', `${OPEN}-p1-2`, {
  en: 'The materials will show real immigrants who live in the city, with their permission.',
  fr: 'Les supports montreront de vrais immigrés qui vivent dans la ville, avec leur accord.',
  ar: 'ستُظهر المواد مهاجرين حقيقيين يعيشون في المدينة، بعد موافقتهم.',
  zh: '宣传材料将展示生活在这座城市的真实移民，并事先征得他们的同意。',
})
add('consultation_paragraph.body', `${OPEN}-p2-1`, {
  en: 'The main audience is front-desk staff in public services and public transport passengers.',
  fr: 'Le public principal : les agents d’accueil des services publics et les usagers des transports en commun.',
  ar: 'الجمهور الرئيسي هو موظفو الاستقبال في الخدمات العامة وركّاب وسائل النقل العام.',
  zh: '主要受众是公共服务窗口的工作人员和公共交通的乘客。',
})
add('consultation_paragraph.body', `${OPEN}-p2-2`, {
  fr: 'La campagne utilisera les bus et le métro, les réseaux sociaux et les radios communautaires, en sept langues.',
  ar: 'ستستخدم الحملة الحافلات والمترو ووسائل التواصل الاجتماعي والإذاعات المجتمعية، بسبع لغات.',
  zh: '宣传活动将通过公交车和地铁、社交媒体和社区电台，以七种语言进行。',
})
add('consultation_question.prompt', `${OPEN}-q1`, {
  fr: 'Où aimeriez-vous voir la campagne ?',
  ar: 'أين تودّ أن ترى الحملة؟',
  zh: '您希望在哪里看到这次宣传活动？',
})

const ANSWERED = 'demo-consultation-plan-revision'
add('consultation.title', ANSWERED, {
  ht: 'Revizyon Plan Minisipal la: fòmasyon anplwaye leta ak ansèyman pòtigè',
  ar: 'مراجعة الخطة البلدية: تدريب الموظفين العموميين وتعليم اللغة البرتغالية',
  zh: '市计划修订：公职人员培训与葡萄牙语教学',
})
add('consultation.summary', ANSWERED, {
  ht: 'Pwopozisyon pou revize objektif aks 4 ak 7 yo pou pwochen Plan an. (Kontni demonstrasyon.)',
  ar: 'مقترح لمراجعة أهداف المحورين 4 و7 في الخطة القادمة. (محتوى تجريبي.)',
  zh: '关于修订下一期计划第4轴和第7轴目标的提案。（演示内容。）',
})
add('consultation_section.heading', `${ANSWERED}-s1`, {
  fr: 'Formation des agents publics',
  ht: 'Fòmasyon anplwaye leta',
  ar: 'تدريب الموظفين العموميين',
  zh: '公职人员培训',
})
add('consultation_section.heading', `${ANSWERED}-s2`, {
  fr: 'Enseignement du portugais',
  ht: 'Ansèyman pòtigè',
  ar: 'تعليم اللغة البرتغالية',
  zh: '葡萄牙语教学',
})
add('consultation_paragraph.body', `${ANSWERED}-p1-1`, {
  fr: 'La Ville formera 5 000 agents publics d’ici la fin du Plan pour accueillir les immigrés sans discrimination, en priorité dans la santé, l’éducation et l’assistance sociale.',
  ht: 'Lameri a pral fòme 5 000 anplwaye leta anvan Plan an fini pou yo resevwa imigran san diskriminasyon, sitou nan sante, edikasyon ak asistans sosyal.',
  ar: 'ستدرّب البلدية 5000 موظف عمومي حتى نهاية الخطة على خدمة المهاجرين دون تمييز، مع إعطاء الأولوية للصحة والتعليم والمساعدة الاجتماعية.',
  zh: '到本计划结束时，市政府将培训5000名公职人员，使其能够无歧视地为移民提供服务，优先覆盖医疗、教育和社会救助领域。',
})
add('consultation_paragraph.body', `${ANSWERED}-p1-2`, {
  fr: 'Les cours seront proposés à distance et en présentiel, avec des contenus élaborés avec des collectifs d’immigrés.',
  ht: 'Kou yo ap fèt a distans ak an prezans, avèk kontni ki prepare ansanm ak kolektif imigran yo.',
  ar: 'ستُقدَّم الدورات عن بُعد وحضوريًا، بمحتوى يُعَدّ بالتعاون مع تجمّعات المهاجرين.',
  zh: '课程将以线上和线下两种方式开设，内容与移民团体共同编写。',
})
add('consultation_paragraph.body', `${ANSWERED}-p2-1`, {
  ht: 'Chak sou-prefekti ap gen omwen yon klas pòtigè pou imigran, nan lè ki pa anpeche moun travay.',
  ar: 'ستضمّ كل محافظة فرعية صفًّا واحدًا على الأقل لتعليم البرتغالية للمهاجرين، في مواعيد تتلاءم مع أوقات العمل.',
  zh: '每个行政分区将至少开设一个面向移民的葡萄牙语班，上课时间与工作时间相协调。',
})
add('consultation_paragraph.body', `${ANSWERED}-p2-2`, {
  fr: 'Les cours délivreront un certificat reconnu pour la naturalisation.',
  ht: 'Klas yo ap bay yon sètifika ki rekonèt pou moun ki vle natiralize.',
  ar: 'ستمنح الصفوف شهادة معترفًا بها لأغراض التجنّس.',
  zh: '课程颁发的结业证书可用于申请入籍。',
})
add('consultation_question.prompt', `${ANSWERED}-q1`, {
  fr: 'Quel horaire de cours de portugais vous convient le mieux ?',
  ht: 'Ki lè pou kou pòtigè a ki pi bon pou ou?',
  ar: 'ما موعد دروس البرتغالية الأنسب لك؟',
  zh: '哪个时间段上葡萄牙语课最适合您？',
})

// ---- The council: its bodies, and the two meetings it has convened (the title of
// demo-meeting-2026-12 names the seed day's month, so it is not fixed data: translators find it in
// their queue).
add('council_body.name', 'demo-body-cmi', {
  ht: 'Konsèy Minisipal Imigran — Asanble plenyè',
  ar: 'المجلس البلدي للمهاجرين — الجلسة العامة',
  zh: '市移民委员会——全体会议',
})
add('council_body.name', 'demo-body-cmi-wg-work', {
  fr: 'CMI — Commission du travail',
  ht: 'CMI — Komisyon Travay',
  ar: 'CMI — لجنة العمل',
  zh: 'CMI——劳动工作组',
})
add('council_body.name', 'demo-body-cpm-se', {
  fr: 'Conseil participatif municipal — Sé',
  ht: 'Konsèy Patisipatif Minisipal — Sé',
  ar: 'المجلس التشاركي البلدي — Sé',
  zh: '市参与式委员会——Sé区',
})
add('agenda_item.title', 'demo-meeting-2026-12-i1', {
  es: 'Aprobación del acta de diciembre de 2025',
  en: 'Approval of the minutes of December 2025',
  fr: 'Approbation du procès-verbal de décembre 2025',
  ht: 'Apwobasyon pwosè-verbal desanm 2025 la',
  ar: 'المصادقة على محضر اجتماع ديسمبر 2025',
  zh: '审批2025年12月会议纪要',
})
add('agenda_item.title', 'demo-meeting-2026-12-i2', {
  es: 'Resultado de la consulta sobre la campaña 2027',
  en: 'Outcome of the consultation on the 2027 campaign',
  fr: 'Résultat de la consultation sur la campagne 2027',
  ht: 'Rezilta konsiltasyon sou kanpay 2027 la',
  ar: 'نتيجة الاستشارة بشأن حملة 2027',
  zh: '关于2027年宣传活动的公众咨询结果',
})
add('agenda_item.description', 'demo-meeting-2026-12-i2', {
  es: 'Presentación del informe de la consulta pública.',
  en: 'Presentation of the public consultation’s report.',
  fr: 'Présentation du rapport de la consultation publique.',
  ht: 'Prezantasyon rapò konsiltasyon piblik la.',
  ar: 'عرض تقرير الاستشارة العامة.',
  zh: '介绍公众咨询报告。',
})

add('meeting.title', 'demo-meeting-next', {
  es: 'Reunión ordinaria — Plan Municipal',
  en: 'Ordinary meeting — Municipal Plan',
  fr: 'Réunion ordinaire — Plan municipal',
  ht: 'Reyinyon òdinè — Plan Minisipal',
  ar: 'اجتماع عادي — الخطة البلدية',
  zh: '例会——市计划',
})
add('agenda_item.title', 'demo-meeting-next-i1', {
  es: 'Seguimiento de las acciones contra la xenofobia',
  en: 'Monitoring the actions against xenophobia',
  fr: 'Suivi des actions contre la xénophobie',
  ht: 'Swivi aksyon kont ksenofobi yo',
  ar: 'متابعة إجراءات مكافحة كراهية الأجانب',
  zh: '反仇外行动的监测',
})
add('agenda_item.description', 'demo-meeting-next-i1', {
  es: 'Informe de la SMDHC sobre las acciones 4.1.1 y 4.1.2 del Plan.',
  en: 'SMDHC’s report on actions 4.1.1 and 4.1.2 of the Plan.',
  fr: 'Compte rendu de la SMDHC sur les actions 4.1.1 et 4.1.2 du Plan.',
  ht: 'Rapò SMDHC sou aksyon 4.1.1 ak 4.1.2 nan Plan an.',
  ar: 'عرض تقدّمه SMDHC عن الإجراءين 4.1.1 و4.1.2 من الخطة.',
  zh: 'SMDHC关于本计划第4.1.1和4.1.2项行动的报告。',
})

export const DEMO_TRANSLATIONS: readonly DemoTranslation[] = entries
