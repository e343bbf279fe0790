/**
 * The words the coach knows, by dictionary form (lemma): who people are, what a personal failing is, and which words
 * say the same thing in a service team's mouth. The checks in `textChecks.ts` read answers against these; the corpus
 * in `tests/fixtures/checks/` measures them.
 */

import { phrase, phrases, type Phrase } from '../language/phrases';

const set = (text: string) => new Set(text.split(/\s+/).filter(Boolean));

/** Nouns for a person by their job or place in the team: "the courier", "a new starter", "the lad on nights". */
export const ROLES = set(`
  staff staffer employee colleague worker person people guy girl lad bloke woman man someone somebody member team crew
  agent clerk driver courier postman postwoman postie rider waiter waitress server chef cook cashier receptionist nurse
  doctor consultant registrar surgeon physio pharmacist porter engineer technician tech mechanic fitter installer
  operator manager supervisor boss lead owner director officer teller advisor adviser banker underwriter rep
  representative assistant trainee apprentice newbie starter hire recruit temp contractor subcontractor intern
  housekeeper concierge cleaner pilot steward stewardess attendant handler dispatcher picker packer loader
  bookseller barista bartender barman barmaid host hostess accountant developer dev admin administrator secretary
  planner caseworker inspector surveyor electrician plumber builder guard controller coordinator scheduler
  specialist analyst sales salesman saleswoman seller buyer valet bellboy storeman warehouseman
  fulfilment caller handler midwife paramedic therapist dentist vet librarian councillor warden
`);

/** Pronouns that stand for a person as the doer. */
export const PERSONS = set('he she they i we you someone somebody nobody everyone everybody anyone anybody who');

/** Things that do things without anyone's failing: "the system ignored the flag" blames no one. */
export const MACHINES = set(`
  system app application software computer machine printer website site page tool form script server database
  platform scanner till device router sensor portal process rule policy procedure check label email mail message
  sms text alert notification feed integration api sync job batch update upgrade release code bot robot algorithm
  template spreadsheet report screen field filter setting config configuration network line card reader terminal
`);

/**
 * A failing of the person, whoever does it: "forgot", "couldn't be bothered", "was rude". Phrases as in
 * `shared/language/phrases.ts` (lemmas; `NOT` any negation; `?` optional).
 */
export const FAILINGS: Phrase[] = [
  ...`forget careless carelessly carelessness lazy laziness lazily negligent negligence negligently sloppy sloppiness
  incompetent incompetence rude rudeness rudely arrogant arrogance unhelpful disregard ignore neglect slack slacking
  daydream daydreaming clueless useless stupid idiot idiotic inattentive inattention lax complacent complacency
  dismissive impatient blunder botch bodge unprofessional impolite discourteous surly sarcastic abrupt
  disinterested uninterested apathetic apathy lackadaisical reckless recklessly hasty hastily
  fob shrug skive skiving overlook overlooked misjudge misjudged attitude faff dither patronise patronising
  patronize patronizing condescending disorganised disorganized distracted scatterbrained forgetful manhandle`
    .split(/\s+/)
    .filter(Boolean)
    .map(phrase),
  ...phrases(`
    human error
    mess|screw|cock|muck|balls up
    messing about|around
    drop the ball
    fall asleep
    half asleep
    NOT #AUX? #ADV? bother|care|listen|concentrate|think
    be bother
    NOT #ADV? pay any|enough|much? attention
    NOT #ADV? read|check|look properly|carefully
    NOT #ADV? do their|his|her job
    NOT #ADV? follow the? instruction|instructions
    NOT #ADV? use their|his|her head
    should have know|check|notice|spot|see
    should have be more? careful|vigilant|thorough|alert
    bad|poor attitude
    his|her|their fault|mistake|error
    without think|thinking|look|looking|check|checking
    too busy chat|chatting|gossip|gossiping
    on their|his|her phone
    click through
    stand|stood chat|chatting
    talk down
    never do
    crack on
    can not be arse
  `),
];

/**
 * A slip that blames only when a person did it: "the driver made a mistake" blames, "the system made a mistake" does
 * not; "the driver *rushed* the drop" blames, "the *rush* hour traffic" does not.
 */
export const SLIPS: Phrase[] = phrases(`
  lie|lied|rush|rushed|chuck|chucked|typical|oversight
  make a|an? mistake|error
  get it wrong
  mistype|misread|mishear|misdial|miscount|misfile|mislabel|mislay|misplace|miskey
  mix up
  fail to
  fault|mistake|error|typo|slip
  break the rule
  cut corner|corners
`);

/** Words that add no meaning of their own to a cause: "The food *was* late" and "The food *came* late" say the same. */
export const LIGHT = set(`
  be have do get take come go make happen out up because why so since due reason cause result thing way also just really
  very too much many more some any all still even again ever there here this that these those it its they them
  their we us our you your a an the of to in on at by for with from into onto as or and but if then than when which
  what who whom how s 's
`);

/**
 * Words that mean one thing in a complaint, grouped: the first word of a group stands for the group. "The meal came
 * out late" and "the food took too long" are both FOOD + LATE.
 */
const GROUPS = `
  late slow delay delayed long ages wait waiting overdue behind lateness tardy forever hold
  food meal dish dinner lunch breakfast plate starter main dessert
  wrong incorrect error mistake mistaken inaccurate bad faulty invalid
  charge bill billing invoice overcharge overcharged price cost fee payment pay debit
  twice double duplicate two
  cancel cancelled canceled cancellation
  lose lost missing misplace mislay vanish disappear
  arrive arrival deliver delivery reach
  send sent post dispatch ship email
  break broken fail failure down outage offline crash dead
  rude unhelpful impolite abrupt dismissive
  staff employee team colleague crew personnel people
  customer client passenger guest patient caller user member resident
  nobody none
  call phone ring
  tell inform notify advise contact update know
  collection pickup collect
  waiter server waitress
  credit add apply
  unlocked open unlock
  reject decline refuse bounce return unpaid
  accept approve
  engineer technician tech
  publish appear
  serve serving
  refund reimburse repay
  cold lukewarm tepid
  dirty unclean filthy
  full overbooked booked
  book booking reservation reserve appointment slot
  check verify review inspect confirm
  train training trained
  parcel package packet box item
  bag baggage luggage suitcase case
  flight plane aircraft
  fix repair mend resolve solve
  connection internet broadband wifi signal line
  bank account
  car vehicle
  room bedroom suite
  doctor consultant clinician
  queue line
  leave left quit
  new latest
  old outdated previous last
`;

export const SYNONYM = new Map<string, string>();
for (const line of GROUPS.split('\n')) {
  const group = line.split(/\s+/).filter(Boolean);
  for (const word of group) if (!SYNONYM.has(word)) SYNONYM.set(word, group[0]!);
}

/** Words that say "not": they count as one meaning, NOT, whatever the wording ("nobody ordered" ~ "not ordered"). */
export const NEGATIONS = set("not no never nobody none without nothing neither nor fail n't");

/** Nouns that name nothing new in a cause: times, and the people a complaint is about. */
export const GENERIC = new Set(
  'time day week month year hour minute min mins second today morning afternoon evening night weekend customer client guest passenger patient resident user caller member person people she he they'.split(
    ' ',
  ),
);

/** Words that add a second cause to a first: "plus", "as well as", "on top of that". */
export const ADDERS = phrases(`
  as well as
  also
  in addition
  plus
  on top of that
  besides
  what 's more
  not to mention
`);

/** Words that end a clause added to a first: "…, and the label was smudged too". */
export const ENDERS = phrases('too\neither\nanyway\nas well');

/** Words that start a clause explaining the one before: "…, so …", "… and this one …". */
export const ON_FROM = new Set(['this', 'that', 'these', 'those', 'so', 'which', 'who', 'because', 'thus', 'therefore', 'hence', 'where', 'when', 'same']);

/** Words that make one cause of what follows: "…, so it created a second charge", "because …". */
export const EXPLAINS = new Set(['so', 'because', 'since', 'which', 'meaning', 'therefore', 'hence', 'thus', 'means']);
