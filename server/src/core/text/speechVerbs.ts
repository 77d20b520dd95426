/**
 * How news sentences say who spoke (SPEC section 3), one table per language: speech verbs in the
 * forms a news sentence uses, the `according to` forms, and the words that name nobody (pronouns,
 * and the titles and roles that come before a name). Lower case, as the rules compare folded words.
 */
export interface SpeechLanguage {
  /** Verbs of saying, every form used in attributions (`said`, `says`, `told`, `added`…). */
  readonly verbs: readonly string[];
  /** Verbs that may also come before the speaker (`"…," said Nersisyan`); others only after (`told`). */
  readonly invertible: readonly string[];
  /** Words between a speaker and the verb that keep the attribution (`also`, `later`, `has`). */
  readonly between: readonly string[];
  /** Phrases that put the speaker after them (`according to`, `selon`, `laut`). */
  readonly according: readonly string[];
  /** Subject pronouns: a quote attributed to one names nobody. */
  readonly pronouns: readonly string[];
  /** Capitalised words that are no name: titles and roles before a name, and sentence openers. */
  readonly notNames: readonly string[];
}

const EN_VERBS = [
  'say', 'says', 'said', 'saying', 'tell', 'tells', 'told', 'add', 'adds', 'added', 'state', 'states', 'stated',
  'declare', 'declares', 'declared', 'explain', 'explains', 'explained', 'note', 'notes', 'noted', 'ask', 'asks', 'asked',
  'reply', 'replies', 'replied', 'answer', 'answers', 'answered', 'insist', 'insists', 'insisted', 'warn', 'warns', 'warned',
  'argue', 'argues', 'argued', 'claim', 'claims', 'claimed', 'write', 'writes', 'wrote', 'continue', 'continues', 'continued',
  'recall', 'recalls', 'recalled', 'acknowledge', 'acknowledges', 'acknowledged', 'admit', 'admits', 'admitted',
  'announce', 'announces', 'announced', 'comment', 'comments', 'commented', 'remark', 'remarks', 'remarked',
  'stress', 'stresses', 'stressed', 'emphasize', 'emphasizes', 'emphasized', 'emphasise', 'emphasises', 'emphasised',
  'observe', 'observes', 'observed', 'suggest', 'suggests', 'suggested', 'concede', 'concedes', 'conceded',
  'counter', 'counters', 'countered', 'respond', 'responds', 'responded', 'tweet', 'tweets', 'tweeted',
  'post', 'posts', 'posted', 'testify', 'testifies', 'testified', 'conclude', 'concludes', 'concluded',
  'promise', 'promises', 'promised', 'vow', 'vows', 'vowed', 'pledge', 'pledges', 'pledged', 'predict', 'predicts', 'predicted',
  'urge', 'urges', 'urged', 'caution', 'cautions', 'cautioned', 'complain', 'complains', 'complained',
  'lament', 'laments', 'lamented', 'quip', 'quips', 'quipped', 'joke', 'jokes', 'joked', 'shout', 'shouts', 'shouted',
  'whisper', 'whispers', 'whispered', 'confirm', 'confirms', 'confirmed', 'deny', 'denies', 'denied',
  'maintain', 'maintains', 'maintained', 'contend', 'contends', 'contended', 'muse', 'muses', 'mused',
  'reiterate', 'reiterates', 'reiterated', 'assert', 'asserts', 'asserted', 'exclaim', 'exclaims', 'exclaimed',
  'recount', 'recounts', 'recounted', 'agree', 'agrees', 'agreed', 'describe', 'describes', 'described',
];

export const SPEECH_LANGUAGES: Readonly<Record<string, SpeechLanguage>> = {
  en: {
    verbs: EN_VERBS,
    invertible: EN_VERBS.filter((verb) => !/^(?:tell|tells|told|describe|describes|described|agree|agrees|agreed)$/.test(verb)),
    between: ['also', 'later', 'then', 'again', 'once', 'previously', 'earlier', 'has', 'had', 'have', 'would', 'will', 'further', 'recently', 'publicly', 'repeatedly', 'simply', 'just', 'often'],
    according: ['according to', 'in the words of'],
    pronouns: ['he', 'she', 'they', 'it', 'we', 'i', 'you', 'who', 'one', 'this', 'that', 'someone', 'somebody', 'everyone', 'nobody'],
    notNames: [
      'the', 'a', 'an', 'his', 'her', 'their', 'its', 'our', 'my', 'your', 'this', 'that', 'these', 'those',
      'but', 'and', 'or', 'so', 'yet', 'then', 'still', 'also', 'however', 'meanwhile', 'later', 'earlier', 'now', 'today',
      'yesterday', 'tonight', 'tomorrow', 'when', 'while', 'after', 'before', 'as', 'if', 'in', 'on', 'at', 'for', 'with', 'from',
      'by', 'of', 'to', 'speaking', 'asked', 'writing', 'there', 'here', 'some', 'many', 'most', 'several', 'both', 'each',
      'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
      'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
      'mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'professor', 'sir', 'dame', 'lord', 'lady', 'president', 'vice', 'prime', 'minister',
      'deputy', 'foreign', 'defense', 'defence', 'finance', 'senator', 'sen', 'rep', 'representative', 'congressman', 'congresswoman',
      'governor', 'gov', 'mayor', 'general', 'gen', 'colonel', 'col', 'captain', 'capt', 'judge', 'justice', 'chief', 'chancellor',
      'secretary', 'ambassador', 'spokesman', 'spokeswoman', 'spokesperson', 'chairman', 'chairwoman', 'chair', 'director', 'ceo',
      'pope', 'father', 'rev', 'reverend', 'rabbi', 'imam', 'sheikh', 'officer', 'detective',
      'sergeant', 'sgt', 'councilman', 'councilwoman', 'councilor', 'councillor', 'councilmember', 'mp', 'host', 'anchor', 'correspondent', 'attorney', 'inspector', 'superintendent', 'sheriff', 'professor', 'coach', 'lt', 'lieutenant', 'commissioner', 'speaker', 'leader', 'head', 'former', 'acting', 'state', 'federal',
    ],
  },
  fr: {
    verbs: ['a déclaré', 'a dit', 'a affirmé', 'a ajouté', 'a expliqué', 'a souligné', 'a indiqué', 'a précisé', 'a estimé', 'a assuré', 'déclare', 'dit', 'affirme', 'ajoute', 'explique', 'souligne', 'indique', 'précise', 'estime', 'assure', 'a-t-il déclaré', 'a-t-elle déclaré', 'a-t-il dit', 'a-t-elle dit', 'a-t-il ajouté', 'a-t-elle ajouté', 'déclare-t-il', 'déclare-t-elle', 'dit-il', 'dit-elle', 'ajoute-t-il', 'ajoute-t-elle'],
    invertible: ['a déclaré', 'a dit', 'a affirmé', 'a ajouté', 'a expliqué', 'a souligné', 'a indiqué', 'a précisé', 'a estimé', 'a assuré', 'déclare', 'dit', 'affirme', 'ajoute', 'explique', 'souligne', 'indique', 'précise', 'estime', 'assure'],
    between: ['aussi', 'également', 'encore', 'ensuite', 'alors'],
    according: ['selon', "d'après", 'd’après'],
    pronouns: ['il', 'elle', 'ils', 'elles', 'on', 'je', 'nous', 'vous', 'a-t-il', 'a-t-elle'],
    notNames: ['le', 'la', 'les', 'un', 'une', 'mais', 'et', 'puis', 'alors', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche', 'm', 'mme', 'monsieur', 'madame', 'président', 'présidente', 'ministre', 'premier', 'première', 'maire', 'général', 'porte-parole', 'directeur', 'directrice', 'selon'],
  },
  de: {
    verbs: ['sagte', 'sagt', 'erklärte', 'erklärt', 'betonte', 'betont', 'fügte hinzu', 'meinte', 'meint', 'sagten', 'erklärten', 'schrieb', 'schreibt', 'warnte', 'warnt', 'so'],
    invertible: ['sagte', 'sagt', 'erklärte', 'erklärt', 'betonte', 'betont', 'meinte', 'meint', 'schrieb', 'schreibt', 'warnte', 'warnt', 'so'],
    between: ['auch', 'dann', 'später', 'noch'],
    according: ['laut', 'nach angaben von', 'zufolge'],
    pronouns: ['er', 'sie', 'es', 'ich', 'wir', 'man'],
    notNames: ['der', 'die', 'das', 'ein', 'eine', 'aber', 'und', 'dann', 'montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonntag', 'herr', 'frau', 'dr', 'präsident', 'präsidentin', 'minister', 'ministerin', 'kanzler', 'kanzlerin', 'bürgermeister', 'bürgermeisterin', 'sprecher', 'sprecherin'],
  },
  ru: {
    verbs: ['сказал', 'сказала', 'сказали', 'заявил', 'заявила', 'заявили', 'отметил', 'отметила', 'добавил', 'добавила', 'подчеркнул', 'подчеркнула', 'говорит', 'сообщил', 'сообщила'],
    invertible: ['сказал', 'сказала', 'сказали', 'заявил', 'заявила', 'заявили', 'отметил', 'отметила', 'добавил', 'добавила', 'подчеркнул', 'подчеркнула', 'говорит', 'сообщил', 'сообщила'],
    between: ['также', 'затем', 'ещё', 'еще'],
    according: ['по словам'],
    pronouns: ['он', 'она', 'они', 'я', 'мы'],
    notNames: ['министр', 'президент', 'премьер-министр', 'глава', 'мэр', 'депутат', 'генерал', 'господин', 'госпожа', 'но', 'и', 'в', 'по'],
  },
  hy: {
    verbs: ['ասաց', 'հայտարարեց', 'նշեց', 'ավելացրեց', 'ընդգծեց', 'ասում է'],
    invertible: ['ասաց', 'հայտարարեց', 'նշեց', 'ավելացրեց', 'ընդգծեց'],
    between: ['նաև', 'ապա'],
    according: ['ըստ'],
    pronouns: ['նա', 'նրանք', 'ես', 'մենք'],
    notNames: ['նախարար', 'նախագահ', 'վարչապետ', 'քաղաքապետ', 'պետնախարար', 'բայց', 'և'],
  },
  es: {
    verbs: ['dijo', 'afirmó', 'declaró', 'añadió', 'señaló', 'explicó', 'aseguró', 'dice', 'afirma', 'declara', 'añade'],
    invertible: ['dijo', 'afirmó', 'declaró', 'añadió', 'señaló', 'explicó', 'aseguró', 'dice', 'afirma', 'declara', 'añade'],
    between: ['también', 'luego'],
    according: ['según'],
    pronouns: ['él', 'ella', 'ellos', 'ellas', 'yo', 'nosotros'],
    notNames: ['el', 'la', 'los', 'las', 'un', 'una', 'pero', 'y', 'ministro', 'ministra', 'presidente', 'presidenta', 'alcalde', 'alcaldesa', 'portavoz', 'señor', 'señora', 'sr', 'sra'],
  },
};

/** Every language's table, English first: rules try them in this order. */
export const SPEECH_TABLES: readonly SpeechLanguage[] = Object.values(SPEECH_LANGUAGES);
