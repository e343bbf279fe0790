/**
 * What the letter checks look for, as phrases over read tokens (`shared/language/phrases.ts`: lemmas, `a|b` either,
 * `?` optional, `NOT` any negation, `#TAG` a part of speech, `*` any word). Each list follows one piece of advice in
 * method.md section 2. The corpus in `tests/fixtures/checks/` measures them.
 */
import { phrases } from '../language/phrases';

/** Saying sorry. "We regret any inconvenience" is not an apology. */
export const APOLOGY = phrases(`
  sorry
  apologise|apologize|apologies|apology|apologising|apologizing
  forgive us|me
`);

/** Sympathy that is no apology: "sorry to hear about the damage" says nothing of our part in it. */
export const SYMPATHY = phrases(`
  sorry to hear|learn|read|see
`);

/** Owning the mistake: "this was our mistake", "the error was ours alone", "that's on us", "we let you down". */
export const OWNERSHIP = phrases(`
  our|my own? mistake|fault|error|failure|responsibility|doing|oversight|mess|slip|blunder|failing|bad
  mistake|error|fault|failure|blame|responsibility on|of our|my part|side|end
  ours|mine alone|entirely|completely|fully|to own|to put right|to fix
  be|is|was|'s|are|were #ADV? ours|mine
  be|is|was|'s #ADV? on us|me
  be|is|was|'s #ADV? down to us|me
  we|i #AUX? #ADV? made|make a|an|this|that|the|one|several|two|some? #ADJ? mistake|error|mistakes|errors|mess
  we|i #AUX? #ADV? get|got it|this|that|things|your * wrong
  we|i #AUX? #ADV? get|got * * wrong
  we|i #AUX? #ADV? be|were|was wrong|at fault|to blame|careless|responsible
  we|i #AUX? #ADV? take|accept|bear|own full|complete|total? responsibility|blame|ownership
  we|i #AUX? #ADV? own this|it|that|the|our|up
  we|i #AUX? #ADV? be|are|am #ADV? responsible|accountable
  we|i #AUX? #ADV? let you|you|your down
  we|i #AUX? #ADV? fail|failed|dropped|fell|messed|slipped|blew|missed|overlooked|forgot|lost|overcharged|mixed|mishandled|misread|mislabelled|mislabeled|misplaced|damaged|broke|ignored|neglected|skipped|double-charged|overbooked|underestimated|misjudged|botched|wrongly|incorrectly|mistakenly
  we|i #AUX? #ADV? sent|charged|booked|cancelled|canceled|delivered|gave|told|put|billed|debited|posted|entered|keyed|marked|moved|shipped|dispatched|packed|allocated|assigned|fitted|scheduled|switched|transferred|printed|applied|processed|recorded|logged|quoted|served|registered|removed|deleted|stopped|blocked|suspended|froze|closed|left you|your|the|it|this|that|a|an * wrong|incorrect|twice|again|late|early|by mistake|in error|without
  we|i #AUX? #ADV? sent|charged|booked|cancelled|canceled|delivered|gave|told|put|billed|debited|posted|entered|keyed|marked|moved|shipped|dispatched|packed|allocated|assigned|fitted|scheduled|switched|transferred|printed|applied|processed|quoted|served|registered|removed|deleted|stopped|blocked|suspended|froze|closed you|your|the|it|this|that|a|an? wrong|incorrect|old
  we|i #AUX? #ADV? did|do NOT
  we|i #AUX? #ADV? never #VERB
  we|i #AUX? #ADV? should|could|ought NOT? #ADV? have|to
  we|i #AUX? #ADV? fall short
  we|i #AUX? #ADV? drop the ball
  it|this|that be|was|is|'s #ADV? our|my mistake|fault|error|doing|failure|responsibility
  the|this|that mistake|error|fault|failure|slip|oversight|blame|responsibility be|was|is|lies|rests|sits #ADV? ours|mine|with|on|down us|me|to|entirely|wholly
  the|this|that mistake|error|fault|failure|slip|oversight|blame|responsibility be|was|is|lies|rests|sits #ADV? ours|mine
  our team|staff|colleague|colleagues|engineer|engineers|driver|drivers|agent|agents|people|system|process|website|app|crew|kitchen|store|branch|office|courier|depot|warehouse|technician|technicians|fitter|advisor|adviser|chef|waiter|staff|billing|booking|housekeeping|reception|team *? 's? #AUX? #ADV? NOT|made|got|sent|charged|failed|missed|forgot|lost|mixed|let|mishandled|damaged|overcharged|misread|double-charged|should|wrongly|incorrectly|mistakenly|left|cancelled|overbooked
  this|that|it happen|happened|was because of|due to|down to our|us|me
  there be|is|was no excuse
  we|i #AUX? #ADV? accept|admit|acknowledge|recognise|recognize that? we|our
  entirely|wholly|completely|fully our|my
  we|i #AUX? #ADV? really|truly? messed|screwed|slipped up
  that|this|it 's|is|was on us|me
  own up
  owe you
  we|i #AUX? #ADV? get|got this|it|that|things wrong
  on|from our|my side|end|part
  our|my * 's|own? mistake|fault|error|failure|doing
  that|this|it be|was|is|'s #ADV? wrong|unfair|unacceptable|inexcusable|not right|not good enough|not okay|not ok
  we|i #AUX? #ADV? still|then|also? charged|sent|took|kept|cancelled|posted|billed|debited|left|closed|blocked|went ahead
`);

/** Putting the fault elsewhere: on the customer, a supplier or partner, "the system", circumstances. */
export const BLAME_CUSTOMER = phrases(`
  your fault|mistake|error|oversight
  on your part
  you #ADV? should|could|ought have|to read|check|checked|call|called|contact|contacted|tell|told|inform|informed|notice|noticed|follow|followed|provide|provided|give|given|ask|asked|book|booked|pay|paid|cancel|cancelled|update|updated|keep|kept|take|taken|look|looked|use|used|arrive|arrived|phone|phoned|rung|let|email|emailed|done|realised|realized|known|checked
  you #ADV? fail|failed|neglected|forgot|forget|neglect|omitted|omit
  you #ADV? did|do|have|had NOT #ADV? read|check|follow|provide|inform|tell|update|notify|give|include|enter|complete|fill|select|tick|confirm|respond|reply|call|contact|pay|attach|submit|register|bring|arrive|notice|specify|use|let
  you #ADV? gave|give|provided|provide|entered|enter|typed|type|supplied|supply|selected|select|chose|choose|ticked|tick|used|use|sent|send|put|wrote|write us? the|an|a|your #ADJ? wrong|incorrect|old|invalid|incomplete|different|expired|outdated|out-of-date
  you #ADV? gave|give|provided|provide|entered|enter|typed|type|supplied|supply|wrote|write|put|used|sent|quoted|quote us? #ADV? be|was|were|is #ADV? wrong|incorrect|invalid|incomplete|missing|out
  had|if you #ADV? read|checked|check|followed|called|contacted|told|informed|let|provided|given|arrived|booked|used|filled|completed
  as stated|explained|outlined|set out in the|our terms|conditions|policy
  per|under|in line with our|the terms|conditions|policy
  which|that you #ADV? gave|provided|entered|supplied|typed|selected|chose
  number|address|details|information|postcode|email|code|date|name|reference|card|account you #ADV? gave|provided|entered|supplied|typed|selected|chose|used|sent|put us? #AUX #ADV? NOT? wrong|incorrect|incomplete|missing|invalid|out|outdated|old|include|contain|match|have
  you #ADV? #VERB the|your|this|that|it? #NOUN? #NOUN? yourself
  because|since|as you #ADV? did|had|were|was NOT
  because|since|as you #ADV? forgot|failed|neglected|missed|gave|entered|provided|chose|selected|ticked|booked|used|typed
`);

/** Parties that are not us, to the customer, whoever we pay to do the work. */
export const BLAME_OTHERS = phrases(`
  supplier|suppliers|vendor|manufacturer|courier|couriers|carrier|partner|partners|contractor|subcontractor|third-party|haulier|wholesaler|distributor|provider|agency|publisher|airport|handling|network|bank|processor|operator|warehouse|landlord|builder|installer|factory 's? #AUX? #ADV? NOT|fail|failed|lost|lose|damaged|damage|delayed|delay|missed|miss|mislaid|mislabelled|mislabeled|mishandled|ignored|forgot|let|broke|caused|cause|error|mistake|fault|failure|glitch|dropped|cancelled|overbooked|should
  the delay|problem|issue|error|fault|mistake|damage|failure came|come|stemmed|stem|originated|arose|lay|lies #ADV? from|with|at
  cause|caused|due|owing|thanks|attributable|down #ADP? to|by a|an|the|our|their #ADJ? #NOUN? supplier|vendor|courier|carrier|partner|contractor|manufacturer|third|system|computer|glitch|technical|software|IT|bug|outage|weather|strike|provider|network|processor|bank|airport|publisher|warehouse|handling|agency|volume|demand
  the|a|an|our system|systems|computer|computers|software|website|app|platform|server|servers|machine|terminal #AUX? #ADV? error|glitch|failure|fault|bug|crash|crashed|failed|fail|went|go|malfunctioned|malfunction|did|made|sent|charged|generated|double-charged|decided|flagged|rejected|declined|automatically
  system|systems|computer|technical|software|IT|server|website|app|network|system-wide|automated #ADJ? error|errors|glitch|glitches|failure|fault|bug|problem|problems|issue|issues|hitch|difficulties|outage|malfunction
  glitch
  gremlin|gremlins
  beyond|outside our|my control
  out of our|my hands
  NOT our|my fault
  nothing we could|can #AUX? do
  act of god
  circumstances beyond
  unforeseen|unforeseeable|exceptional|unusual circumstances
  the|bad|severe|adverse|extreme weather
  industrial action
  unprecedented|high|exceptional|large volume|volumes|demand|levels
  human error
  caused|held|delayed|damaged|lost|handled|carried|applied|made|done|sent|triggered|generated|created|missed|dropped|mishandled|returned|rejected|declined|blocked|supplied|provided|operated|run|flagged|charged|set|affected|hit out|up|over|late? by our|the|a|an|their|its|this? #ADJ? #NOUN? #NOUN? supplier|suppliers|vendor|manufacturer|courier|couriers|carrier|partner|partners|contractor|subcontractor|haulier|provider|agency|publisher|airport|network|bank|banks|processor|operator|warehouse|landlord|installer|factory|system|systems|engine|software|computer|machine|platform|sender|retailer|seller|merchant|insurer|broker|airline|glitch|fault|outage|weather|storm|strike|snow|traffic|accident|roadworks|demand|subcontractor|lab|laboratory|clinic|publicist|organiser|organizer|promoter
  their|its driver|drivers|engineer|engineers|team|staff|crew|courier|system|technician|technicians|agent|agents|depot|warehouse|people|contractor #AUX? #ADV? NOT|failed|forgot|neglected|ignored|lost|damaged|mishandled|missed|broke|made|sent|left|delivered|dropped|should
  they|he|she #AUX? #ADV? failed|forgot|neglected|ignored|lost|damaged|mishandled|broke
  sender|retailer|seller|merchant|insurer|broker|airline|landlord|occupier|builder 's? #AUX? #ADV? NOT|failed|forgot|neglected|gave|supplied|provided|sent|entered|made|responsible
  these|such things #ADV? happen|occur
  it|this|that #ADV? happens|can happen|does happen
  from time to time
  their|its|his|her responsibility|fault|problem|issue|error|mistake|doing
  responsibility of the|your
  clearly|plainly|prominently|explicitly printed|stated|shown|displayed|marked|explained|signposted|written|set|advertised|published
  be|are|is|were|was #ADV? advised|asked|expected|required|reminded|requested to
  standard practice|procedure
  #NOUN|#PROPN 's responsibility
  for failing to
  in their|its care|hands|possession|custody
  from|by your own
  if you had|'d #ADV? updated|checked|read|called|contacted|told|informed|noticed|followed|provided|given|booked|paid|used|arrived|kept|looked|asked|sent|sealed|attached|filled|completed|registered|submitted|entered|ticked|selected|chosen|done|taken
  as|because|since you #ADV? arrived|came|turned|called|rang|booked|ordered|left|missed|chose|decided|kept|used|did|were|had|failed|forgot|gave|entered|ticked|clicked
  our|the team|staff|agent|driver|officer|colleague|colleagues|engineer be|were|was #ADV? correct|right|entitled to
  processed|applied|charged|issued|handled correctly
  by you|yourself
  by a|an|one|someone #ADP? of? your|the #NOUN? #NOUN? on|in|at|from your
  outside|beyond the|our * 's? hands|control
  outside|external|independent|separate|another|other #NOUN? laboratory|lab|company|firm|department|clinic|provider|contractor|organisation|organization|team|supplier|partner
  they|he|she #AUX? #ADV? made|sent|delivered|fitted|gave|did * incorrectly|wrongly|wrong|late
  as stated|set|explained|outlined|shown|specified|detailed in|on|out in? the|your|our? #NOUN? terms|conditions|policy|form|card|agreement|contract|booking|confirmation|registration
`);

/** A promise we cannot be sure to keep. */
export const OVER_PROMISE = phrases(`
  never again
  will|'ll|shall|wo never
  will|'ll|shall|wo NOT #ADV? =happen|=occur|=recur|be repeated again
  never =happen|=happens|=occur|=recur again
  this|it|that|nothing #AUX? #ADV? never =happen|=happens|=occur|=recur|=be
  =happen|=occur|=recur again
  can|could NOT =happen|=occur|=recur again
  can|could never =happen|=occur|=recur
  guarantee|guaranteed|guarantees
  100 %
  100%
  hundred per|percent
  rest assured
  =assure|=assures you
  ensure|ensuring|make|making sure? that? this|it|nothing|such|similar #NOUN? #AUX? NOT|never
  ensure|ensuring|make|making sure? that? nothing|nobody|never
  ensure|ensuring|make|making sure? that? the same|this|it|such #NOUN? #AUX? #ADV? NOT|never
  completely|fully|totally|entirely|permanently eliminate|prevent|remove|solve|fix|resolve|eradicate|eliminated|prevented|removed|solved|fixed|resolved|eradicated
  eliminate|eradicate
  nothing like this will|can|shall|'ll
  ever again
  promise this|it|that will|'ll|wo NOT? #ADV? =happen
  promise you this|it|that|nothing
  without fail
  every single time
  definitely|certainly|absolutely will|'ll|be
  will|'ll definitely|certainly|absolutely
`);

/** Absolutes that promise only when they speak of what will be: "we'll *always* check", not "I raised it *straight away*". */
export const OVER_PROMISE_SOON = phrases(`
  immediately|instantly
  right|straight away
  at once
  always
  forever
  every time
`);

/** Absolutes that are literally true: "you can always reach me", "you're always welcome". */
export const TRUE_ABSOLUTES = phrases(`
  can|could always
  always welcome|happy|glad|pleased|here
`);

/** Closed doors: what we will not or cannot do. */
export const NEGATIVE = phrases(`
  unfortunately|regrettably|sadly
  we|i #ADV? can NOT
  we|i #ADV? #AUX? NOT #ADV? able
  we|i #ADV? #AUX? unable
  unable to
  NOT possible|able|allowed|permitted|in a position
  impossible
  policy|policies
  we|i #ADV? =do|=does|will|would|shall|wo NOT #ADV? offer|allow|accept|provide|refund|compensate|give|cover|pay|issue|make|do|reimburse|permit|honour|honor|entertain|consider|waive
  we|i won't|wont #ADV? be|offer|allow|accept|provide|refund|compensate|give|cover|pay|issue|reimburse|honour|honor|waive
  there be|is #ADV? no way
  no way we|i
  there be|is #ADV? nothing we
  we have no choice
  our hands be|are tied
  NOT eligible|entitled
  ineligible
  decline|refuse|reject your|this request|claim|refund
`);

/** Closed-door words that are no refusal: "I can't apologise enough", "it left you unable to". */
export const NOT_NEGATIVE = phrases(`
  can NOT #ADV? apologise|apologize|imagine|argue|thank|believe|begin|express|stress|say|tell|overstate|emphasise|emphasize
  you unable
  you #ADV? NOT able
  with no way
`);

/** Making the customer's experience sound small. */
export const DOWNPLAY = phrases(`
  minor|small|slight|little|tiny|brief|short|momentary|trivial|negligible|minimal|wee|bit #ADJ? issue|problem|inconvenience|error|mistake|delay|wait|hiccup|blip|mix-up|mixup|glitch|overcharge|discrepancy|oversight|matter|fault|setback|disruption|charge|amount|sum|difference|slip|confusion|hitch|misunderstanding|lapse|interruption|outage|scratch|dent|mark|overpayment|underpayment|gap|snag|detail|hold-up|holdup
  just|only #ADV? a|an|one|the? few|couple #ADP? minute|minutes|hour|hours|day|days|pound|pounds|pence|dollar|dollars|euro|euros|week|weeks
  just|only a|an|one minor|small|slight|little|tiny|brief|short
  only|just £|$|€|#NUM
  hiccup|blip|mixup|hiccups|blips|snafu
  a|the|this|that|small|little|slight|minor mix -? up
  no|not a big deal
  nothing serious|major|to worry
  not a|that big|serious|major
  easily fixed|fixable|sorted|resolved
  a bit of a|an? delay|wait|issue|problem|mix-up|mess|inconvenience|hiccup|confusion
  little bit
  barely|hardly noticeable|affected|any
  slightly|a|bit|little late|delayed|longer|later|off|wrong|more|higher|over|busier|extra|while
  mild|mildly inconvenient|inconvenience|frustrating|annoying
  relatively|fairly|quite|rather|pretty brief|short|small|minor|quick|modest|mild|slight
  only|just a|an|one|the? #ADJ|#SYM|#NUM
  only|just one #NOUN
  a bit of a|an #NOUN
  a little|bit #ADJ|while
  a few extra|more #NOUN
  minor|slight|small|little|tiny|mild|brief|modest #NOUN
  some slight|minor|small|mild discomfort|inconvenience|delay|disruption
`);

/** Small words that are no downplaying: "a small gift card", "the small print". */
export const NOT_DOWNPLAY = phrases(`
  small|little|token|modest gift|gesture|token|thank|credit|compensation|refund|voucher|present|discount|print|business|team|print|town|shop|number|child|children|hours
  little one|ones
  bit of a worry
`);

/** A sentence that looks forward to what will happen: where a date in a letter counts. */
export const FORWARD = phrases(`
  will|'ll|shall|wo|should|would|'d
  be|am|are|is going to
  aim|plan|expect|intend|arrange|arranged|schedule|scheduled|book|booked|promise|commit|hope|due
  by|before|within|until|till|from
  no later than
  next|tomorrow|tonight|today
  =is|=are|'s|'re on|for|at|booked|scheduled|due|set
`);

/** A date that is not when we act: the customer's own deadline, or how long something of theirs is valid. */
export const THEIRS = phrases(`
  you #ADV? must|need
  you #ADV? have to
  you #ADV? may|can|should #ADV? refer|complain|escalate|appeal|apply|request|cancel|pay|send|submit|return|provide|contact|challenge
  please #ADV? pay|submit|return|refer
  ombudsman
  valid|expire|expires|expiry
`);
