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
  /** Verbs that take whom they tell as object (`told Reuters`, `asked the minister`). */
  readonly telling: readonly string[];
  /** Prepositions: a name after one is a circumstance of the saying (`said in an interview with Radio Azatutyun`), no speaker. */
  readonly prepositions: readonly string[];
  /** Conjunctions that join a second verb to the subject of the first (`He was concerned and said`). */
  readonly conjunctions: readonly string[];
  /** Words a sentence may open with before its subject (`But`, `Meanwhile`). */
  readonly openers: readonly string[];
  /** Words that open a clause before the subject's (`When asked …,`, `After the vote,`). */
  readonly subordinators: readonly string[];
  /** Nouns of persons' roles: a definite role (`the head coach`) may stand for a person the text named with it. */
  readonly roles: readonly string[];
  /** Common verbs of narration besides regular past tenses (`took`, `is`): what follows a sentence's subject. */
  readonly narrationVerbs: readonly string[];
}

/** What a language's table leaves out of the rules for sentences (no coordination, openers or roles read). */
const NO_SENTENCE_RULES = { telling: [], prepositions: [], conjunctions: [], openers: [], subordinators: [], roles: [], narrationVerbs: [] };

const EN_VERBS = [
  'say', 'says', 'said', 'saying', 'tell', 'tells', 'told', 'telling', 'add', 'adds', 'added', 'adding', 'asking', 'explaining', 'noting', 'insisting',
  'warning', 'arguing', 'writing', 'replying', 'answering', 'questioned', 'put it', 'puts it', 'state', 'states', 'stated',
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
    invertible: EN_VERBS.filter((verb) => !/^(?:tell|tells|told|telling|describe|describes|described|agree|agrees|agreed|questioned|put it|puts it|\w+ing)$/.test(verb)),
    // `is heard asking`, `was quoted as saying`, `has also said`.
    between: ['also', 'later', 'then', 'again', 'once', 'previously', 'earlier', 'has', 'had', 'have', 'would', 'will', 'further', 'recently', 'publicly', 'repeatedly', 'simply', 'just', 'often', 'is', 'was', 'heard', 'quoted', 'as'],
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
      // People in the plural, who open sentences as names do (`Analysts said`): nobody in particular.
      'analysts', 'officials', 'residents', 'critics', 'experts', 'police', 'witnesses', 'protesters', 'shareholders', 'investors',
      'scientists', 'researchers', 'doctors', 'parents', 'students', 'teachers', 'lawmakers', 'democrats', 'republicans', 'authorities',
      'prosecutors', 'supporters', 'opponents', 'observers', 'sources', 'others', 'people', 'voters', 'workers', 'employees', 'officers',
      'farmers', 'fans', 'neighbors', 'neighbours', 'locals', 'villagers', 'activists', 'leaders', 'members', 'economists', 'diplomats',
      'aides', 'advocates', 'organizers', 'organisers', 'citizens', 'customers', 'users', 'readers', 'viewers', 'listeners', 'reporters',
      'maj', 'major', 'executive', 'senior', 'junior', 'veteran', 'top', 'sergeant', 'sgt', 'councilman', 'councilwoman', 'councilor', 'councillor', 'councilmember', 'mp', 'host', 'anchor', 'correspondent', 'attorney', 'inspector', 'superintendent', 'sheriff', 'professor', 'coach', 'lt', 'lieutenant', 'commissioner', 'speaker', 'leader', 'head', 'former', 'acting', 'state', 'federal',
    ],
    telling: ['told', 'tell', 'tells', 'telling', 'asked', 'ask', 'asks', 'asking', 'warned', 'urged', 'assured', 'informed', 'reminded', 'answered', 'replied'],
    prepositions: ['in', 'on', 'at', 'to', 'by', 'with', 'from', 'for', 'of', 'during', 'after', 'before', 'about', 'via', 'through', 'outside', 'inside', 'near', 'into', 'over', 'under', 'against', 'since', 'until'],
    conjunctions: ['and', 'but'],
    openers: ['and', 'but', 'so', 'yet', 'still', 'also', 'meanwhile', 'however', 'then', 'later', 'earlier', 'now', 'instead', 'too', 'moreover', 'indeed', 'soon', 'shortly', 'separately', 'elsewhere', 'ultimately', 'finally'],
    subordinators: ['when', 'while', 'as', 'after', 'before', 'although', 'though', 'because', 'since', 'if', 'once', 'asked', 'despite', 'like', 'unlike'],
    narrationVerbs: [
      'is', 'was', 'are', 'were', 'has', 'had', 'have', 'does', 'did', 'will', 'would', 'can', 'could', 'may', 'might', 'must', 'should',
      'took', 'takes', 'made', 'makes', 'gave', 'gives', 'went', 'goes', 'came', 'comes', 'held', 'holds', 'met', 'meets', 'left', 'won',
      'lost', 'put', 'set', 'saw', 'sees', 'got', 'gets', 'became', 'becomes', 'began', 'kept', 'keeps', 'brought', 'thought', 'thinks',
      'felt', 'spoke', 'speaks', 'stood', 'ran', 'runs', 'sent', 'led', 'leads', 'paid', 'sought', 'shot', 'struck', 'broke', 'chose',
      'rose', 'fell', 'drove', 'flew', 'grew', 'knew', 'knows', 'threw', 'wore', 'hit', 'cut', 'quit', 'let', 'heard', 'fought', 'caught',
      'taught', 'built', 'spent', 'meant', 'found', 'bought', 'sold', 'dealt', 'sat', 'swore', 'hung', 'believes', 'wants', 'hopes',
      'expects', 'remains', 'declines', 'refuses', 'denies', 'dismisses', 'calls', 'urges', 'faces', 'stresses', 'appears', 'seems',
    ],
    roles: [
      'minister', 'president', 'chairman', 'chairwoman', 'chair', 'spokesman', 'spokeswoman', 'spokesperson', 'coach', 'manager', 'director',
      'senator', 'governor', 'mayor', 'secretary', 'ambassador', 'chief', 'executive', 'officer', 'commissioner', 'leader', 'premier',
      'chancellor', 'judge', 'lawyer', 'attorney', 'prosecutor', 'analyst', 'economist', 'professor', 'researcher', 'founder', 'ceo',
      'lawmaker', 'congressman', 'congresswoman', 'councilman', 'councilwoman', 'councillor', 'councilor', 'sheriff', 'captain',
      'general', 'host', 'anchor', 'candidate', 'official', 'adviser', 'advisor', 'aide', 'head', 'boss', 'owner', 'striker', 'player',
      'midfielder', 'defender', 'goalkeeper', 'republican', 'democrat', 'mp', 'speaker', 'superintendent', 'principal', 'dean', 'rector',
    ],
  },
  fr: {
    ...NO_SENTENCE_RULES,
    verbs: ['a déclaré', 'a dit', 'a affirmé', 'a ajouté', 'a expliqué', 'a souligné', 'a indiqué', 'a précisé', 'a estimé', 'a assuré', 'déclare', 'dit', 'affirme', 'ajoute', 'explique', 'souligne', 'indique', 'précise', 'estime', 'assure', 'a-t-il déclaré', 'a-t-elle déclaré', 'a-t-il dit', 'a-t-elle dit', 'a-t-il ajouté', 'a-t-elle ajouté', 'déclare-t-il', 'déclare-t-elle', 'dit-il', 'dit-elle', 'ajoute-t-il', 'ajoute-t-elle'],
    invertible: ['a déclaré', 'a dit', 'a affirmé', 'a ajouté', 'a expliqué', 'a souligné', 'a indiqué', 'a précisé', 'a estimé', 'a assuré', 'déclare', 'dit', 'affirme', 'ajoute', 'explique', 'souligne', 'indique', 'précise', 'estime', 'assure'],
    between: ['aussi', 'également', 'encore', 'ensuite', 'alors'],
    according: ['selon', "d'après", 'd’après'],
    pronouns: ['il', 'elle', 'ils', 'elles', 'on', 'je', 'nous', 'vous', 'a-t-il', 'a-t-elle'],
    notNames: ['le', 'la', 'les', 'un', 'une', 'mais', 'et', 'puis', 'alors', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche', 'm', 'mme', 'monsieur', 'madame', 'président', 'présidente', 'ministre', 'premier', 'première', 'maire', 'général', 'porte-parole', 'directeur', 'directrice', 'selon'],
  },
  de: {
    ...NO_SENTENCE_RULES,
    verbs: ['sagte', 'sagt', 'erklärte', 'erklärt', 'betonte', 'betont', 'fügte hinzu', 'meinte', 'meint', 'sagten', 'erklärten', 'schrieb', 'schreibt', 'warnte', 'warnt', 'so'],
    invertible: ['sagte', 'sagt', 'erklärte', 'erklärt', 'betonte', 'betont', 'meinte', 'meint', 'schrieb', 'schreibt', 'warnte', 'warnt', 'so'],
    between: ['auch', 'dann', 'später', 'noch'],
    according: ['laut', 'nach angaben von', 'zufolge'],
    pronouns: ['er', 'sie', 'es', 'ich', 'wir', 'man'],
    notNames: ['der', 'die', 'das', 'ein', 'eine', 'aber', 'und', 'dann', 'montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonntag', 'herr', 'frau', 'dr', 'präsident', 'präsidentin', 'minister', 'ministerin', 'kanzler', 'kanzlerin', 'bürgermeister', 'bürgermeisterin', 'sprecher', 'sprecherin'],
  },
  ru: {
    ...NO_SENTENCE_RULES,
    verbs: ['сказал', 'сказала', 'сказали', 'заявил', 'заявила', 'заявили', 'отметил', 'отметила', 'добавил', 'добавила', 'подчеркнул', 'подчеркнула', 'говорит', 'сообщил', 'сообщила'],
    invertible: ['сказал', 'сказала', 'сказали', 'заявил', 'заявила', 'заявили', 'отметил', 'отметила', 'добавил', 'добавила', 'подчеркнул', 'подчеркнула', 'говорит', 'сообщил', 'сообщила'],
    between: ['также', 'затем', 'ещё', 'еще'],
    according: ['по словам'],
    pronouns: ['он', 'она', 'они', 'я', 'мы'],
    notNames: ['министр', 'президент', 'премьер-министр', 'глава', 'мэр', 'депутат', 'генерал', 'господин', 'госпожа', 'но', 'и', 'в', 'по'],
  },
  hy: {
    ...NO_SENTENCE_RULES,
    verbs: ['ասաց', 'հայտարարեց', 'նշեց', 'ավելացրեց', 'ընդգծեց', 'ասում է'],
    invertible: ['ասաց', 'հայտարարեց', 'նշեց', 'ավելացրեց', 'ընդգծեց'],
    between: ['նաև', 'ապա'],
    according: ['ըստ'],
    pronouns: ['նա', 'նրանք', 'ես', 'մենք'],
    notNames: ['նախարար', 'նախագահ', 'վարչապետ', 'քաղաքապետ', 'պետնախարար', 'բայց', 'և'],
  },
  es: {
    ...NO_SENTENCE_RULES,
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
