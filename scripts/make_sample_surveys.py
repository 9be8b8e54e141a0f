#!/usr/bin/env python3
"""Generate the fictional sample survey exports in corpus/surveys/.

Writes six survey exports (NAME.csv) and their mappings (NAME.mapping.toml) as
described in the corpus contract ("Survey exports").  Every respondent, answer,
GP practice name and ID below is invented.  No quote comes from a real survey
or report.

The script is deterministic: all randomness comes from random.Random instances
seeded with fixed strings, so running it twice gives byte-identical files.
Standard library only (Python 3.11+).

    python3 scripts/make_sample_surveys.py [--out DIR]

How answers are made: each free-text question has a hand-written pool of
answers (at least 80, one per line below).  A pool may be split into tagged
sections ("## parent", "## ae neg leeds"); a section is only used for a row
whose tags include all of the section's tags, so answers fit the row (a carer
of a partner does not talk about "mum", a "Very easy" rating does not come
with a complaint, an A&E answer from Halifax mentions Calderdale Royal, not
the LGI).  The generator spreads use evenly over the pool, sometimes joins two
short answers, and applies light variation (lower case, a dropped apostrophe,
a trailing "...", a prefix such as "Honestly, ").  It avoids exact duplicate
answers within a column.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

SEED = "insight-bank/sample-surveys/v1"
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "corpus" / "surveys"

# Non-answers the engine already knows (NON_ANSWERS in crates/ingest/src/survey.rs,
# compared after trimming, dropping trailing "." and "!" and lower-casing); any other
# non-answer a file uses goes into its mapping's [options] non_answers.
BUILTIN_NON_ANSWERS = [
    "n/a", "na", "n.a", "none", "nil", "no comment", "no comments", "did not answer",
    "not answered", "-", "--", "nothing", "nothing to add", "nothing else", "not applicable",
    "no answer", "none given", "prefer not to say", "not sure", "dont know", "don't know",
    "idk", "?", ".", "x",
]


def squash(text: str) -> str:
    """How the engine compares non-answers."""
    return text.strip().rstrip(".! ").strip().lower().replace("\u2019", "'")

# Taxonomy values for equality groups (corpus contract).
EQUALITY_GROUPS = {
    "Age band": ["Under 18", "18-24", "25-34", "35-44", "45-54", "55-64", "65-74",
                 "75-84", "85+"],
    "Ethnicity": ["White British", "White other", "Asian or Asian British",
                  "Black or Black British", "Mixed or multiple", "Other ethnic group"],
    "Disability": ["Yes", "No"],
    "Sexual orientation": ["Heterosexual", "Gay or lesbian", "Bisexual", "Other"],
    "Gender": ["Woman", "Man", "Non-binary"],
    "Deprivation decile": [str(i) for i in range(1, 11)],
}

LEEDS_WARDS = {
    "Inner East": ["Burmantofts and Richmond Hill", "Gipton and Harehills",
                   "Killingbeck and Seacroft"],
    "Inner North East": ["Chapel Allerton", "Moortown", "Roundhay"],
    "Inner North West": ["Headingley and Hyde Park", "Kirkstall",
                         "Little London and Woodhouse", "Weetwood"],
    "Inner South": ["Beeston and Holbeck", "Hunslet and Riverside", "Middleton Park"],
    "Inner West": ["Armley", "Bramley and Stanningley", "Farnley and Wortley"],
    "Outer East": ["Cross Gates and Whinmoor", "Garforth and Swillington",
                   "Kippax and Methley", "Temple Newsam"],
    "Outer North East": ["Alwoodley", "Harewood", "Wetherby"],
    "Outer North West": ["Adel and Wharfedale", "Guiseley and Rawdon", "Horsforth",
                         "Otley and Yeadon"],
    "Outer South": ["Ardsley and Robin Hood", "Morley North", "Morley South", "Rothwell"],
    "Outer West": ["Calverley and Farsley", "Pudsey"],
}


# --------------------------------------------------------------------------
# Answer pools and variation
# --------------------------------------------------------------------------

class Pool:
    """Hand-written answers, one per line; "## tag tag" starts a tagged section
    ("## any" goes back to untagged), "{tag} " at the start of a line adds tags to
    that line only; a literal \\n inside a line is a line break."""

    def __init__(self, name: str, text: str):
        self.name = name
        self.items: list[tuple[str, frozenset[str]]] = []
        tags: frozenset[str] = frozenset()
        for raw in text.strip().splitlines():
            line = raw.strip()
            if not line:
                continue
            if line.startswith("## "):
                tags = frozenset(line[3:].split()) - {"any"}
                continue
            line_tags = tags
            if line.startswith("{"):
                extra, line = line[1:].split("} ", 1)
                line_tags = tags | frozenset(extra.split())
            answer = line.replace("\\n", "\n")
            if not 20 <= len(answer) <= 400:
                raise ValueError(f"{name}: answer length {len(answer)}: {answer!r}")
            self.items.append((answer, line_tags))
        texts = [t for t, _ in self.items]
        dupes = sorted({t for t in texts if texts.count(t) > 1})
        if dupes:
            raise ValueError(f"{name}: duplicate answers {dupes}")

    def __len__(self) -> int:
        return len(self.items)

    def eligible(self, tags: frozenset[str]) -> list[int]:
        return [i for i, (_, need) in enumerate(self.items) if need <= tags]


def decap(s: str) -> str:
    """Lower-case the first letter unless it starts 'I ', "I'" or an acronym."""
    if not s or s.startswith(("I ", "I'", "I\u2019")) or (s[:2].isalpha() and s[:2].isupper()):
        return s
    return s[0].lower() + s[1:]


@dataclass
class Style:
    """Light, seeded variation applied to a hand-written answer."""
    lower: float = 0.08          # whole answer in lower case
    apostrophe: float = 0.15     # drop one apostrophe (didn't -> didnt)
    ellipsis: float = 0.05       # trailing "..."
    nocap: float = 0.06          # first letter lower case
    nodot: float = 0.15          # drop the final full stop
    amp: float = 0.04            # one " and " -> " & "
    upper: float = 0.0           # WRITTEN IN CAPITALS (paper forms)
    prefixes: tuple[str, ...] = ()
    prefix_p: float = 0.05
    suffixes: tuple[str, ...] = ()
    suffix_p: float = 0.05

    def __call__(self, rng: random.Random, text: str) -> str:
        if self.prefixes and rng.random() < self.prefix_p:
            text = rng.choice(self.prefixes) + decap(text)
        if self.suffixes and rng.random() < self.suffix_p:
            suffix = rng.choice(self.suffixes)
            if suffix[0].isalpha() and text[-1] not in ".!?":
                text += "."
            text = text.rstrip() + (" " if suffix[0] not in ",." else "") + suffix
        if rng.random() < self.amp and " and " in text:
            text = text.replace(" and ", " & ", 1)
        if rng.random() < self.apostrophe and "'" in text:
            if rng.random() < 0.3:
                text = text.replace("'", "")
            else:
                spots = [i for i, c in enumerate(text) if c == "'"]
                k = rng.choice(spots)
                text = text[:k] + text[k + 1:]
        r = rng.random()
        if r < self.ellipsis:
            text = text.rstrip(" .!") + "..."
        elif r < self.ellipsis + self.nodot and text.endswith(".") and not text.endswith(".."):
            text = text[:-1]
        if rng.random() < self.lower:
            text = text.lower()
        elif rng.random() < self.nocap:
            text = text[0].lower() + text[1:]
        if rng.random() < self.upper:
            text = text.upper()
        return text


def join(rng: random.Random, a: str, b: str) -> str:
    """Join two short answers the way people run thoughts together."""
    a = a.rstrip()
    if a[-1] in ".!?":
        return a + rng.choice([" ", " ", " ", "  ", "\n", "\n\n"]) + b
    mode = rng.choice(["dot", "dot", "dot", "nl", "nl", "dash", "comma"]
                      + (["and"] if len(b) < 70 else []))
    if mode == "dot":
        return a + ". " + b
    if mode == "dash":
        return a + " - " + decap(b)
    if mode == "and":
        return a + " and " + decap(b)
    if mode == "nl":
        return a + "\n" + b
    return a + ", " + decap(b)


def norm(text: str) -> str:
    """Letters only, lower case: two answers that differ only in case or
    punctuation count as the same answer."""
    return "".join(c for c in text.lower() if c.isalpha())


class FreeText:
    """Draws answers for one free-text column."""

    def __init__(self, rng: random.Random, pool: Pool, *, blank: float, nonans: float,
                 non_answers: list[str], join_p: float = 0.15, style: Style | None = None):
        self.rng = rng
        self.pool = pool
        self.blank = blank
        self.nonans = nonans
        self.non_answers = non_answers
        self.join_p = join_p
        self.style = style or Style()
        self.uses = [0] * len(pool)
        self.seen: set[str] = set()
        self.seen_norm: set[str] = set()
        self.strict_tries = 3

    def _pick(self, tags: frozenset[str], exclude: int = -1, short: bool = False,
              require: str = "") -> int:
        idx = [i for i in self.pool.eligible(tags) if i != exclude
               and (not require or require in self.pool.items[i][1])]
        if short:
            idx = [i for i in idx if len(self.pool.items[i][0]) <= 110] or idx
        if not idx:
            raise ValueError(f"{self.pool.name}: nothing fits tags {sorted(tags)}")
        low = min(self.uses[i] for i in idx)
        cands = [i for i in idx if self.uses[i] <= low + 1]
        i = self.rng.choice(cands)
        self.uses[i] += 1
        return i

    def answer(self, tags: frozenset[str] = frozenset(), *, force: bool = False,
               prefix: str = "", require: str = "") -> str:
        if not force:
            r = self.rng.random()
            if r < self.blank:
                return ""
            if r < self.blank + self.nonans:
                return self.rng.choice(self.non_answers)
        text = ""
        for attempt in range(30):
            i = self._pick(tags, require=require)
            text = self.pool.items[i][0]
            if len(text) <= 110 and self.rng.random() < self.join_p:
                j = self._pick(tags, exclude=i, short=True, require=require)
                other = self.pool.items[j][0]
                if other.split()[0].lower().strip(",.") != text.split()[0].lower().strip(",."):
                    text = join(self.rng, text, other)
            text = prefix + self.style(self.rng, text)
            if len(text) > 400 or text in self.seen:
                continue
            # prefer answers that are new in more than case and punctuation, but
            # accept a light variant of an earlier answer rather than pile up joins
            if norm(text) not in self.seen_norm or attempt >= self.strict_tries:
                break
        self.seen.add(text)
        self.seen_norm.add(norm(text))
        return text


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------

def wchoice(rng: random.Random, weights: dict[str, float]) -> str:
    labels = list(weights)
    return rng.choices(labels, weights=[weights[k] for k in labels])[0]


# Rough shape of when people fill in online surveys (hour of day weights).
HOUR_WEIGHTS = [1, 1, 0.5, 0.3, 0.3, 0.5, 1, 3, 5, 7, 8, 8, 8, 7, 7, 7, 6, 6, 7, 9, 10, 9, 6, 3]


def moments(rng: random.Random, n: int, first: dt.date, last: dt.date,
            hours: list[float] = HOUR_WEIGHTS) -> list[dt.datetime]:
    days = (last - first).days + 1
    out = []
    for _ in range(n):
        day = first + dt.timedelta(days=rng.randrange(days))
        hour = rng.choices(range(24), weights=hours)[0]
        out.append(dt.datetime(day.year, day.month, day.day, hour,
                               rng.randrange(60), rng.randrange(60)))
    out.sort()
    return out


def fake_ip(rng: random.Random) -> str:
    """Addresses from the documentation ranges (RFC 5737): never a real user."""
    net = rng.choice(["192.0.2", "198.51.100", "203.0.113"])
    return f"{net}.{rng.randrange(1, 255)}"


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]], *,
              bom: bool = False, quoting: int = csv.QUOTE_MINIMAL,
              lineterminator: str = "\r\n") -> None:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, quoting=quoting, lineterminator=lineterminator)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(col, "") for col in header])
    data = buf.getvalue().encode("utf-8")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


# --------------------------------------------------------------------------
# Mapping (TOML) writer and self-check
# --------------------------------------------------------------------------

@dataclass
class Mapping:
    comment: str
    source: dict[str, str]
    defaults: dict[str, list[str]]
    record_id: str
    date: str
    date_format: str
    free_text: list[str]
    places: list[str] = field(default_factory=list)
    segments: list[str] = field(default_factory=list)
    communities: list[str] = field(default_factory=list)
    attributes: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    equality: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    non_answers: list[str] = field(default_factory=list)
    declined: list[str] = field(default_factory=list)

    def columns(self) -> list[str]:
        return ([self.record_id, self.date] + self.free_text + self.places + self.segments
                + self.communities + self.attributes + self.ignore + list(self.equality))


def q(s: str) -> str:
    """A TOML basic string (JSON string syntax is valid TOML here)."""
    return json.dumps(s, ensure_ascii=False)


def qlist(xs: list[str], indent: str = "") -> str:
    if not xs:
        return "[]"
    one = "[" + ", ".join(q(x) for x in xs) + "]"
    if len(one) + len(indent) <= 88:
        return one
    inner = "".join(f"{indent}  {q(x)},\n" for x in xs)
    return "[\n" + inner + indent + "]"


def render_mapping(m: Mapping) -> str:
    out = [f"# {line}".rstrip() for line in m.comment.strip().splitlines()]
    out.append("")
    out.append("[source]")
    for k, v in m.source.items():
        out.append(f"{k} = {q(v)}")
    out.append("")
    out.append("[defaults]")
    for k in ("places", "segments", "themes", "communities"):
        out.append(f"{k} = {qlist(m.defaults.get(k, []))}")
    out.append("")
    out.append("[columns]")
    out.append(f"record_id = {q(m.record_id)}")
    out.append(f"date = {q(m.date)}")
    out.append(f"date_format = {q(m.date_format)}")
    for k in ("free_text", "places", "segments", "communities", "attributes", "ignore"):
        out.append(f"{k} = {qlist(getattr(m, k))}")
    out.append("")
    out.append("[equality]")
    for col, group in m.equality.items():
        out.append(f"{q(col)} = {q(group)}")
    for col, table in m.values.items():
        out.append("")
        out.append(f"[values.{q(col)}]")
        for k, v in table.items():
            out.append(f"{q(k)} = {q(v)}")
    out.append("")
    out.append("[options]")
    out.append(f"non_answers = {qlist(m.non_answers)}")
    out.append(f"declined = {qlist(m.declined)}")
    return "\n".join(out) + "\n"


def check(m: Mapping, header: list[str], rows: list[dict[str, str]]) -> None:
    """Fail loudly if the mapping and the CSV disagree."""
    mapped = m.columns()
    dupes = {c for c in mapped if mapped.count(c) > 1}
    assert not dupes, f"columns mapped twice: {dupes}"
    assert set(mapped) == set(header), (set(header) ^ set(mapped))
    for col, group in m.equality.items():
        allowed = set(EQUALITY_GROUPS[group])
        table = m.values.get(col, {})
        for row in rows:
            v = row.get(col, "")
            if not v or v in m.declined:
                continue
            v = table.get(v, v)
            assert v in allowed, f"{col}: {row.get(col)!r} -> {v!r} is not a {group} value"
    for col, table in m.values.items():
        assert col in m.equality, f"[values] for a non-equality column {col}"
        for v in table.values():
            assert v in EQUALITY_GROUPS[m.equality[col]], (col, v)
    for row in rows:
        dt.datetime.strptime(row[m.date], m.date_format)


def extra_non_answers(*lists: list[str]) -> list[str]:
    """The non-answers a file uses that the engine does not already know."""
    seen: list[str] = []
    for xs in lists:
        for x in xs:
            if squash(x) not in BUILTIN_NON_ANSWERS and squash(x) not in seen:
                seen.append(squash(x))
    return seen


# ==========================================================================
# 1. Leeds carers' experience survey 2025 (Carers Leeds) - SmartSurvey export
# ==========================================================================

CARERS_HELPED = Pool("carers/helped", r"""
Carers Leeds honestly. The lady who rang me back after my first call made me feel like someone finally got it
the carers group at the library on a tuesday, just being with people who understand
Getting my carers assessment done. It took ages but once it was done I got a bit of respite
nothing has helped if I'm honest, I've worked it all out myself
Having a named person at the GP who knows I'm a carer. I get a call back the same day now.
The carers emergency card, so if something happens to me somebody knows who to ring
Talking to other carers on the facebook group at 2am when I cant sleep
Carers allowance. Its not much but it helps with the extra heating and the washing
Counselling through Carers Leeds - only 6 sessions but they made a real difference to how I cope
My employer being flexible. I can work from home on the days there are appointments
Our neighbour pops in when I nip to Asda, she's a godsend
Knowing I can ring the advice line and not be judged for saying I'm struggling
My church have been amazing, they brought meals round for weeks
Honestly just my dog. Getting out for a walk first thing is the only time that's mine
The chemist doing the tablets in blister packs and delivering them. One less thing to chase
{adult} Learning about power of attorney early on. A solicitor at a carers drop-in explained it all for free
Not much. I found out about support by accident three years in, I wish someone had told me at the start
The mindfulness course. I was sceptical but it actually helps when I feel myself getting wound up
{adult} A benefits check found we'd been missing out on attendance allowance for two years!!
Having a social worker who actually returned calls. We've had three and only one was like that
The carers wellbeing grant paid for a new washing machine when ours packed in. With the incontinence it was a lifesaver
Online shopping delivered. Sounds daft but I cant leave home long enough to go to the supermarket
being able to speak to someone in Urdu at the carers centre, my english is not so good
A sitting service once a fortnight. 3 hours isnt much but I look forward to it all week
{adult} The pendant alarm. If there's a fall I get a phone call straight away, I sleep better knowing that
The GP surgery putting a flag on my notes that I'm a carer so they're flexible with my own appointments
Nothing from services. Family and friends have carried us
Being told by the carers worker that it's ok to feel angry sometimes. I'd been feeling so guilty
The carers card discounts, and the free swim on a friday morning
I self referred to talking therapies and had CBT on the phone which fitted round everything else
the Carers Leeds newsletter, I've found out about loads of things from it
Having a break at a carers retreat weekend. First time I'd slept properly in months
Being recognised as a carer at all. For years I didn't see myself as one, I was just doing what you do
A grant for a short break. We went to Filey for 3 days and I came back a different person
The welfare rights advisor who helped with the PIP appeal, I would have given up without her
Yoga for carers at the community centre, an hour where nobody needs anything from me
Other carers. Nobody else really understands what a 3am phone call does to you
the helpline. I rang in tears one night and the woman just let me talk
Having one worker who knows our whole story so I don't have to start from scratch every time
Getting the blue badge. Parking at the hospital used to be a nightmare
A carers assessment that actually led to something, a few hours of care a week so I could keep my job
Honestly the pharmacist at our local chemist, she explains things better than anyone
Finding out what I'm entitled to. Nobody tells you, you have to dig
Time. When things settle down for a few weeks I get myself back a bit
Walking group on a saturday morning, I don't talk about caring there and thats the point
Writing things down. I keep a diary of appointments, meds and who said what, it has saved us more than once
Being able to ring the district nurses direct instead of going through the GP
Having my own GP appointment to talk about me for once, not the person I look after
Free training on moving and handling. I was hurting my back before that
{adult} The dementia cafe once a month, it's the only place we can go together and nobody stares
{adult} A good occupational therapist. Rails, a perching stool and a bath lift and suddenly everyday life was possible again
My work's employee assistance line, they put me in touch with Carers Leeds in the first place
Being treated as part of the team by the hospital staff, they asked me what's normal for them
Meeting people at the carers coffee morning in the church hall, I've made proper friends there
Nothing really. I'm just tired all the time and nobody seems to notice
Carers Leeds helped me fill in the forms. 30+ pages, I'd never have managed on my own
The day centre. When it closed for a month last winter I realised how much we relied on it
"Me time" vouchers for a massage, a bit cheesy but it was lovely
a befriending volunteer who rings me every week just to ask how I am
{adult} The reablement team after a hospital stay, they were brilliant but it only lasted 6 weeks
Being listened to. Just once someone asking "and how are you?" and waiting for the answer
A carers lead at our surgery. She rings round and tells us what's on
Telecare sensors on the doors at night. I don't have to sleep with one eye open anymore
Respite care for a week in the summer - first proper break in four years
Carers Leeds, without a doubt
my friends and my faith
{parent} The carers centre. When I first rang I didn't even know I was a carer, I thought I was just being a daughter. They sent me a pack, got me on a course about managing stress and put me in touch with a group near me. I still go every month, 4 years later
{partner} Honestly? A few things:\n- the carers group\n- a GP who listens\n- my husbands sense of humour, even now\nWithout those I'd have gone under long ago
{adult} Two things really. Getting the carers assessment, which led to a personal budget so I can pay for a gym membership and a cleaner once a fortnight, and the counselling. I didn't think I needed it but I'd been carrying a lot of grief for the person he used to be
## parent
My sister taking mum every other weekend so I can have a lie in
The district nurses who come in for dads legs, they always ask how I'm doing as well
Age UK befriender who sits with dad on a thursday so I can get to my own appointments
The memory clinic nurse explained what was happening with mums dementia and what to expect, nobody else had
The day centre. Three days a week mum goes and I can actually breathe, go shopping, sit down with a brew
Getting a blue badge for mum made hospital trips so much less stressful
Getting dad's care home place sorted in the end. It took a year but he is safe and I can visit as his daughter again, not his nurse
My brothers finally stepped up after I had a breakdown. We have a rota now for mum
Direct payments so we can choose the carers who come in. Same faces every day has made a big difference to my dad
## partner
The Admiral nurse. She has been the one constant through all of this with my husband
The hospice at home team when my wife was at end of life, they were brilliant with both of us
The stroke team coming home for six weeks after he left hospital. They showed me how to help him transfer without hurting my back
my husband's nephew comes on a sunday so I can go to church
Getting the diagnosis finally. Once we knew it was Parkinsons the support started to come
Direct payments so we can choose the carers who come in. Same faces every day makes a big difference to my husband
The MS nurse, she sorts things out before they become a crisis and she always asks about me too
A couple of hours a week at the day centre for my wife. It's good for her and it's the only time I get to myself
## child
The young carers service when my son was still at school, they took him on trips and let him be a kid
{minor} Support from school for my daughter with autism. The SENCO gets it and rings me before things blow up
Peer support group for parent carers, we laugh as much as we cry
A proper transition plan from the learning disability team when my son moved from childrens to adults services
The mental health crisis team being at the end of a phone when my son was really unwell
Short breaks at the weekend for my daughter, she loves it and we get to spend time with our other two
""")

CARERS_DISCHARGE = Pool("carers/discharge", r"""
## adult
We were told on the Monday he would be home Wednesday, then nothing happened till the Friday at 9pm. No transport booked so I had to fetch him in a taxi
the ward staff were lovely but nobody talked to me about how I'd cope at home
Waited 7 hours in the discharge lounge for medication. By the time we got home it was dark and the heating was off
They sent him home from the LGI without the hospital bed being delivered. He slept in the chair for 3 nights
Actually it went well. The social worker on the ward rang me, the care package started the next day and the district nurse came that week
Discharged with a bag of tablets and no explanation of what had changed. I spent the next morning on the phone to the GP trying to work it out
Nobody asked me if I could manage. I've got a bad hip and a heart condition myself
The reablement team were brilliant for 6 weeks but when they stopped there was nothing to replace them
The discharge letter went to the wrong GP surgery so nobody knew he'd even been in
they said medically fit about 5 times and each time something fell through, in the end she was in 3 weeks longer than she needed to be
Transport arrived at 10pm, she was confused and frightened and the crew couldn't get her up the stairs. I had to ring my son to come and help
Jimmy's were very good, the frailty team arranged everything before he left and I had a number to ring if it went wrong
The hospital said there would be carers four times a day. The first visit came two days later
The occupational therapist came and did a home visit before he left and sorted out the equipment. That's how it should work every time
He was discharged to a care home for 'assessment' and it was six weeks before anyone assessed anything
I wish they'd used the carers passport, I had to argue to be allowed to stay past visiting hours even though he has dementia and doesn't eat for anyone else
Wharfedale hospital were excellent. The physio talked to me as much as to her
The catheter bags weren't ordered so I was driving round chemists at 8 o clock at night
When she came home the wound dressings hadn't been arranged, the district nurses didn't know she was out
Twice in one winter, both times back in A&E within a week. I said she wasn't ready but nobody listened
I had a call from a discharge coordinator the day before, which was the first time anyone had asked what I needed
He came home wearing someone else's clothes and without his hearing aids. We never got them back
They asked me to sign something about refusing a care home bed and I didn't understand what it meant
Good on the whole but I wish someone had shown me how to use the hoist before the carers stopped coming
The pharmacy at St James's took that long with the TTOs that we missed the hospital transport and had to wait for the next one
The virtual ward team came out every day for a week and checked his oxygen. Made me feel a lot less on my own
She was sent home in a hospital gown with a blanket over her. In January
They kept saying she couldn't go home until a package of care was in place and there were no carers in our area
They rang to say he was ready and I said I work till 5, they said we need the bed, come now
I had to stop work for 3 months because there was no care available after discharge
It was the third time in a year and the first time someone actually wrote down what I should look out for
The equipment came the day before, the nurses rang the day after. I can't fault them this time
Chapel Allerton were much better than the LGI, they actually planned it with us
I only found out about the intermediate care bed after he'd already been sent home. It might have helped
Community care bed in a care home for a few weeks first, that was a godsend, gave me time to get the house ready
They discharged him with a commode but no chair to sit on for washing, and the wrong size walking frame
Everything fell to me. Meds, dressings, getting him up, the lot, and no one even asked if I was able to
The paperwork said he was independent with stairs. He hasn't managed stairs in 2 years
They let us go early because I said I'd be there 24/7. In hindsight I don't think they should have let me say that
Nobody spoke to me in Punjabi and my mother-in-law doesn't speak English, so we had no idea what they'd said about her new tablets
The social worker and the ward sister sat down with me and went through everything, including what to do if it went wrong
Sent home at 1am from A&E with nobody to collect him, a taxi driver had to help him through the door
We were told no one was allowed to go home without a follow up, we never got one
It took 3 weeks for the district nurses to come and in that time he developed a pressure sore
Had no idea what a discharge to assess was, and no one explained it until we were in the middle of it
I rang 111 the night he came home because I didn't know which tablets to stop. That shouldn't happen
They discharged him at 4 in the afternoon, by 9 he was on the floor. Back in by ambulance the same night
mum came home after a week on the frailty unit and it all went really smoothly, they had a plan and stuck to it
When my husband came out of the LGI after his heart op, the ward was lovely but the discharge was a mess. He was told at 10am he could go, we waited all day for tablets, then the transport was cancelled so I drove him home at 8pm. Nobody had told the GP, the district nurses or me what to watch for. I found out about the wound clinic from a neighbour
Last winter she was in Jimmy's for a chest infection.\nDay 1-3 fine.\nDay 4 they said she was medically fit but needed a care package.\nThen she waited 19 days for one. She lost the ability to walk in that time from lying in bed. I'm still angry about it
I'll be honest, I dread it. Every discharge is the same: I'm told last minute, I'm not asked if I can cope, and the first week is hell. This time I said no, she can't come home to an empty house, and only then did they find a short term bed
The ward phoned me and asked what help we would need at home, which nobody had ever done before. A social worker came to see us both on the ward. When she came home the carers started that evening and the equipment was already there. If it was like that every time I'd have nothing to complain about
The physio and OT were really thorough and did an access visit, but the tablets were wrong and it took the GP a week to sort
He didn't want to stay in so they let him self discharge, but no one made sure there was anything in place at home
They lost his glasses and his teeth between wards, so he came home unable to eat or read
Transport was booked for 2pm and turned up at 7. She had been sat in the discharge lounge in her coat all afternoon
## parent
Mum came home from Jimmy's after a fall and they hadn't told me she was coming. I found her sat on the doorstep when I got back from work
Dad was discharged with no care in place because the agency didn't have anyone. I moved in with him for a month and slept on his sofa
Mum was in the LGI for 3 weeks and the discharge was good in the end, the ward sister took time to explain her new meds to me
My mother went home with a new diagnosis of heart failure and nobody explained it to either of us
They sent mum home with a key safe number written on her hand. That was the handover
Dad kept telling them he was fine and they believed him rather than me. He's got dementia, of course he says he's fine
Not applicable, mum hasn't been in hospital since I started caring for her
Mum was fine to come home but the ambulance didn't turn up, so she spent another night on the ward and missed her own bed again
## partner
My husband was discharged from the LGI after his stroke and the stroke team came out within two days. I couldn't have asked for more
They sent my wife home with a syringe driver and the district nurses were there within the hour. Really well organised
My husband was sent home at 11pm on a Friday, confused, with nothing in place
I wasn't told about the hospital bed or the hoist, it just arrived the day he came home and filled the living room
I'm his wife and next of kin and nobody thought to ask me whether I could lift him
My partner was in for 5 weeks and the discharge planning started on the day he left
## child
When my son left the mental health unit there was no plan for what happened next, they just said ring the crisis team if he gets bad again
My daughter has a learning disability and the hospital passport was ignored, so the discharge notes didn't make any sense for her
{minor} Our son was discharged from the children's ward at the LGI with a clear plan and a named nurse to ring. It was really well done
When our daughter came home after her operation we had to chase the equipment for weeks
## any
Not applicable, no hospital stays since I started caring
Discharge was brilliant - discharge was the easy bit. It was the next month at home that was hard
It was fine to be honest. Short stay and home the next day with clear instructions
Never been in hospital thank god
Home with no problems, the ward did everything right
Not been in hospital for a couple of years but last time was ok
We were promised a follow up call from the ward which never came
The letter said follow up in 2 weeks. That was in March and we've still not heard anything
The team phoned every day for the first week, they were on it
Honestly the whole thing was chaos. Different nurse every shift, different story every time I asked
I had to keep ringing the ward to find out what was happening. Sometimes nobody picked up for an hour
It was done in a rush on a Friday afternoon. I got the feeling they needed the bed
Nobody told me he was being discharged. I found out when he rang me from the front entrance asking where I was
"we'll let you know" was all we got for two weeks, then suddenly he was coming home that afternoon
The ward did a 'ready for home' checklist with me, which was great, but half of it didn't happen once we were home
It was smooth this time because I'd learned to push. The first time, it was a disaster
I asked for a carers assessment at discharge and was told to ring social services myself
## minor
Our little boy was in the children's ward at Jimmy's for a week with his chest. The nurses were brilliant with him but discharge took all day waiting for the doctor to sign him off
When my daughter came out of hospital after her seizures the school weren't told anything, I had to explain it all to them myself
The children's community nurses came to the house the day after we got home. Such a relief
We were sent home with a feeding tube and 20 minutes of training. I was terrified the first night
My son has complex needs and every time he's discharged I have to chase the equipment, the nurses and the school transport myself
They kept talking to my 16 year old like he was an adult and not including me. He has a learning disability
Our daughter is 9 and autistic, the ward staff let me stay overnight and gave her a quiet room, so coming home was calm
No hospital stays for my son thankfully, just lots of outpatient appointments
""")

CARERS_EASIER = Pool("carers/easier", r"""
Regular respite. Not a week once a year, a few hours every week that I can rely on
More money. Carers allowance is a joke for 35+ hours a week
One person to contact who knows our situation instead of repeating our story to everyone
Being asked how I'm doing and someone actually waiting for the answer
GP appointments for carers that don't mean ringing at 8am on the dot
Free parking at the hospital for carers. I've spent a fortune at the LGI
Services talking to each other, so I don't have to be the go-between
A night's sleep. Even one night a week would change everything
Knowing what help there is from day one, not finding out years later by accident
Home carers who turn up on time and are the same people each week
Flexible working being a right, not a favour from your manager
Somebody to help with the forms!! PIP, blue badge, attendance allowance, they're endless
A proper emergency plan so if I end up in hospital he isn't left on his own
Being treated as an expert in the person I care for rather than a visitor
A carers assessment that actually leads to something
More day centre places. Ours has a waiting list and it's the only thing that gives me a break
sitting service in the evenings, so I could go out with friends once in a while
Help around the house. Cleaning and garden are slipping and I feel ashamed of it
Counselling for me, not just for him
Better public transport to appointments, two buses to Jimmy's with a wheelchair is not a day out
{adult} Someone to ring out of hours who knows about dementia, not just 111
Raise the earnings limit on carers allowance so I can work a few more hours without losing it
Having time for my own health. I've cancelled my own appointments so many times
Not having to fight for everything. I'm exhausted before I start
{adult} Respite that isn't in a care home miles away, somewhere local he knows
More understanding employers, honestly work is what breaks me
Communication in plain English, not letters full of jargon
{parent} Better information in other languages, my mum only reads Polish
A break. Any kind of break
Reliable care agencies - we've had 4 in 2 years
Shorter waits for equipment. We waited 9 weeks for a bath lift
Joined up records so the hospital knows what the GP knows
Someone to check on me, not just on him
A proper handover when he leaves hospital, written down, with a phone number that gets answered
Home visits for the both of us instead of dragging him out to appointments
Peer support groups at times working carers can get to, evenings or weekends
Being able to get the prescriptions sorted in one go instead of 3 trips to the chemist a week
Support with my mental health, I'm on the edge some days
A named worker at social services rather than a duty team that changes every time you ring
Cheaper energy for people caring at home. The heating has to be on all day for him
Help to plan for the future, what happens when I can't do this anymore
short breaks that are actually affordable
More carers in the outer areas, everything seems to be in the city centre
{adult} Transport to the day centre that doesn't cost £10 each way
Recognition. A thank you now and again wouldn't go amiss
Knowing that if I phone for help, help will come
Not being made to feel like a burden when I ask for something
{parent} More carers who speak community languages, my dad won't let a stranger in who he can't talk to
GP receptionists who know what a carer is
Being included in decisions, not told afterwards
Advice on money, I had to give up work and we're struggling
less paperwork. The same questions on every form
A decent night service. Night sits are like gold dust
{child} Better mental health support for my son so I'm not the crisis team
An online account where I could see all his appointments in one place
A shorter wait for a social worker, we've been on the list since last year
Help with lifting, a second pair of hands at bedtime would make a big difference
Wider doors in our flat, the council adaptation has been 'approved' for 18 months
somewhere to go in the day where we can both feel welcome
{adult} More time with the GP. 10 minutes isn't enough for someone with 7 conditions
A phone line that is answered by a human being
{adult} Dentist who'll see someone with dementia. We've been on a waiting list forever
Less rushing. Everyone is in a rush and he gets flustered and shuts down
{adult} Having the same district nurse each time, he trusts her
Weekend support, everything shuts on a Friday at 5
If professionals believed me the first time
Hospital visiting that recognises carers, not the same rules as everyone else
A proper plan for when I go in for my own operation next year
For someone to notice I'm not coping before it gets to crisis
Help with the garden, sounds silly but it's the thing that gets me down looking out of the window
More hours in the day
Training on what to do in an emergency, I'd panic
A little bit of money for a taxi to appointments when buses aren't possible
Less waiting on the phone, I once waited 58 minutes for adult social care
Money, plain and simple
more respite that you can rely on
{adult} Honestly, if the different people involved in his care would just speak to each other. At the moment I'm the only one who knows everything: the consultant, the GP, the district nurses, the social worker, the pharmacy and the care agency all have a bit. If I got run over tomorrow nobody would know where to start
A break that doesn't need weeks of planning. By the time I've arranged cover, booked it, packed his things and explained everything to the respite staff I'm too tired to enjoy it, and then I spend the whole time worrying
If I could have:\n1. a regular break\n2. someone to ring at night\n3. less paperwork\nthat would be it
## parent
If mums care package was reliable. Some days they turn up at 11 for her breakfast
My brothers helping. Services can't fix that but it would make the biggest difference
Someone to sit with dad for an hour so I can go to the doctors myself
A care home place near me for mum when the time comes, not across the city
## partner
Someone to help get my husband up in the morning so I can get to work
Knowing my wife is safe if I need to go out for an hour
Overnight care once a week so I can sleep in my own bed, I've been on the sofa since his stroke
## child
{minor} Better support at school so I'm not called in every other day to collect my son
{minor} Short breaks for disabled children that are actually available, the waiting list is over a year
An EHCP that is followed. It's a legal document and school treat it like a suggestion
Help for his brother and sister, they are carers too and no one sees it
""")


def carers_survey(rng: random.Random):
    name = "leeds-carers-experience-2025"
    n = 620
    q_ward = "Which ward of Leeds do you live in? (If you're not sure, leave this blank)"
    q_who = "Who do you mainly care for?"
    q_hours = "Roughly how many hours a week do you spend caring?"
    q_help = "What has helped you most as a carer?"
    q_disch = ("Tell us about any time the person you care for left hospital. "
               "How did it go, for them and for you?")
    q_easy = "What one thing would make caring easier for you?"
    q_age = "How old are you?"
    q_gender = "What is your gender?"
    q_eth = "What is your ethnic group?"
    q_dis = ("Are your day-to-day activities limited because of a health problem or "
             "disability which has lasted, or is expected to last, at least 12 months?")
    header = ["UserID", "UserNo", "Name", "Email", "IP Address", "Unique ID", "Started",
              "Ended", q_ward, q_who, q_hours, q_help, q_disch, q_easy, q_age, q_gender,
              q_eth, q_dis]

    non_answers = ["n/a", "N/A", "none", "None", "no comment", "-", "nothing to add",
                   "Nothing to add", "did not answer", "see previous answer"]
    style = Style(prefixes=("Honestly, ", "To be honest ", "Well ", "Hard to say but ",
                            "For me, "),
                  suffixes=("Thank you.", "Thanks for asking.", "x", "That's all really.",
                            "Thanks for doing this survey"))
    helped = FreeText(rng, CARERS_HELPED, blank=0.08, nonans=0.05,
                      non_answers=non_answers, style=style, join_p=0.18)
    disch = FreeText(rng, CARERS_DISCHARGE, blank=0.32, nonans=0.10,
                     non_answers=non_answers + ["Not applicable", "not applicable"],
                     style=style, join_p=0.10)
    easier = FreeText(rng, CARERS_EASIER, blank=0.10, nonans=0.05,
                      non_answers=non_answers, style=style, join_p=0.18)

    who = {"Parent": 40, "Husband, wife or partner": 24, "Son or daughter under 18": 9,
           "Son or daughter 18 or over": 10, "Other relative": 6, "Friend or neighbour": 4,
           "More than one person": 7}
    who_tags = {"Parent": {"parent", "adult"}, "Husband, wife or partner": {"partner", "adult"},
                "Son or daughter under 18": {"child", "minor"},
                "Son or daughter 18 or over": {"child", "adult"},
                "Other relative": {"adult"}, "Friend or neighbour": {"adult"},
                "More than one person": {"parent", "partner", "child", "adult"}}
    ages_by_who = {
        "Parent": {"18-24": 2, "25-34": 8, "35-44": 16, "45-54": 30, "55-64": 32, "65-74": 12},
        "Husband, wife or partner": {"35-44": 4, "45-54": 10, "55-64": 20, "65-74": 30,
                                     "75-84": 28, "85 or over": 8},
        "Son or daughter under 18": {"25-34": 25, "35-44": 45, "45-54": 28, "55-64": 2},
        "Son or daughter 18 or over": {"35-44": 10, "45-54": 35, "55-64": 35, "65-74": 20},
    }
    ages_default = {"18-24": 4, "25-34": 8, "35-44": 14, "45-54": 24, "55-64": 26,
                    "65-74": 16, "75-84": 8}
    hours = {"1-19 hours": 24, "20-34 hours": 20, "35-49 hours": 18, "50 or more hours": 28,
             "It varies": 10}
    gender = {"Female": 71, "Male": 25, "Non-binary": 1, "Prefer not to say": 3}
    eth = {
        "White - English/Welsh/Scottish/Northern Irish/British": 74,
        "White - Irish": 2, "White - Any other White background": 4,
        "Asian/Asian British - Pakistani": 5, "Asian/Asian British - Indian": 3,
        "Asian/Asian British - Bangladeshi": 1,
        "Black/African/Caribbean/Black British - Caribbean": 2,
        "Black/African/Caribbean/Black British - African": 2,
        "Mixed/Multiple ethnic groups - White and Black Caribbean": 1,
        "Mixed/Multiple ethnic groups - Any other Mixed/Multiple background": 1,
        "Other ethnic group - Arab": 0.5, "Any other ethnic group": 0.5,
        "Prefer not to say": 4,
    }
    disab = {"Yes, limited a lot": 14, "Yes, limited a little": 24, "No": 56,
             "Prefer not to say": 6}
    ward_list = [w for ws in LEEDS_WARDS.values() for w in ws]
    ward_weights = {w: (1.6 if w in ("Gipton and Harehills", "Killingbeck and Seacroft",
                                     "Burmantofts and Richmond Hill", "Armley",
                                     "Middleton Park", "Beeston and Holbeck") else 1.0)
                    for w in ward_list}

    ended = moments(rng, n, dt.date(2025, 2, 3), dt.date(2025, 4, 30))
    user_ids = rng.sample(range(180_000_000, 189_999_999), n)
    rows = []
    for i, end in enumerate(ended):
        started = end - dt.timedelta(seconds=rng.randrange(240, 2400))
        w = wchoice(rng, who)
        tags = frozenset(who_tags[w])
        partial = rng.random() < 0.05
        row = {
            "UserID": str(user_ids[i]), "UserNo": str(i + 1),
            "IP Address": fake_ip(rng),
            "Started": started.strftime("%d/%m/%Y %H:%M:%S"),
            "Ended": end.strftime("%d/%m/%Y %H:%M:%S"),
            q_ward: "" if rng.random() < 0.07 else wchoice(rng, ward_weights),
            q_who: w,
            q_hours: wchoice(rng, hours),
            q_help: helped.answer(tags),
            q_disch: ("" if "minor" in tags and rng.random() < 0.3 else disch.answer(tags)),
        }
        if partial:
            rows.append(row)
            continue
        row[q_easy] = easier.answer(tags)
        row[q_age] = wchoice(rng, ages_by_who.get(w, ages_default))
        row[q_gender] = wchoice(rng, gender)
        row[q_eth] = wchoice(rng, eth)
        row[q_dis] = wchoice(rng, disab)
        rows.append(row)

    mapping = Mapping(
        comment=("Mapping for leeds-carers-experience-2025.csv (SmartSurvey export, UTF-8 "
                 "with BOM).\nFictional sample data made by scripts/make_sample_surveys.py."),
        source={"title": "Leeds carers' experience survey 2025",
                "organisation": "Carers Leeds", "kind": "survey", "method": "survey",
                "participation": "consult", "visibility": "public",
                "url": "https://example.org/carers-leeds/carers-survey-2025"},
        defaults={"places": ["Leeds"], "segments": [], "themes": ["Carers' support"],
                  "communities": ["Carers"]},
        record_id="UserNo", date="Ended", date_format="%d/%m/%Y %H:%M:%S",
        free_text=[q_help, q_disch, q_easy],
        places=[q_ward],
        attributes=[q_who, q_hours],
        ignore=["UserID", "Name", "Email", "IP Address", "Unique ID", "Started"],
        equality={q_age: "Age band", q_gender: "Gender", q_eth: "Ethnicity",
                  q_dis: "Disability"},
        values={
            q_age: {"85 or over": "85+"},
            q_gender: {"Female": "Woman", "Male": "Man"},
            q_eth: {
                "White - English/Welsh/Scottish/Northern Irish/British": "White British",
                "White - Irish": "White other",
                "White - Any other White background": "White other",
                "Asian/Asian British - Pakistani": "Asian or Asian British",
                "Asian/Asian British - Indian": "Asian or Asian British",
                "Asian/Asian British - Bangladeshi": "Asian or Asian British",
                "Black/African/Caribbean/Black British - Caribbean": "Black or Black British",
                "Black/African/Caribbean/Black British - African": "Black or Black British",
                "Mixed/Multiple ethnic groups - White and Black Caribbean": "Mixed or multiple",
                "Mixed/Multiple ethnic groups - Any other Mixed/Multiple background":
                    "Mixed or multiple",
                "Other ethnic group - Arab": "Other ethnic group",
                "Any other ethnic group": "Other ethnic group",
            },
            q_dis: {"Yes, limited a lot": "Yes", "Yes, limited a little": "Yes"},
        },
        non_answers=extra_non_answers(non_answers, ["Not applicable", "not applicable"]),
        declined=["Prefer not to say"],
    )
    csv_opts = {"bom": True, "quoting": csv.QUOTE_ALL, "lineterminator": "\r\n"}
    return name, header, rows, mapping, csv_opts


# ==========================================================================
# 2. Bradford young people's mental health survey, spring 2025
#    (Bradford District Care NHS FT with a youth VCSE) - Microsoft Forms export
# ==========================================================================

YP_AFFECTS = Pool("bradford-yp/affects", r"""
social media tbh. tiktok makes me compare myself to everyone and then i cant stop scrolling
not sleeping. im on my phone till like 3am then wrecked the next day
arguments at home, my parents are always stressed about money
friendship drama, one day your in the group chat and the next your not
feeling lonely even when im around people
racism. people say stuff on the bus and nobody does anything
body image, everyone on insta looks perfect and i know its filters but still
the news is depressing, wars and climate and everything, feels like theres no point planning
being a young carer for my mum, I don't get time to just be normal
Being bullied online. It follows you home, there's no escape from it
honestly gaming keeps me sane but my mum thinks its the problem lol
masking all day because i'm autistic and then crashing when i get home
i think i have ADHD but nobody will test me so i just feel stupid all the time
my grandad died last year and nobody really talked about it after the funeral
Not feeling safe in town at night, especially round the interchange
theres nothing to do round here since the youth club shut, we just end up sat at the park
pressure from my family to become a doctor or a pharmacist when that's not what I want
money. my mum works two jobs and still we struggle and I feel guilty asking for anything
football is the thing that keeps me going, when i couldnt play cos of my knee i went really low
people at the mosque and at home think mental health isnt real, you just need to pray more
Islamophobia online. You see comments about people like you every day
I have anxiety and everything makes it worse, even little things like ordering food
not having anyone to talk to who actually gets it
comparing myself to my older brother, he's the golden child
my dad drinks and its not nice at home
being lonely since we moved here, I dont know anyone yet and my english isnt perfect
feeling like a burden on everyone
i overthink everything at night, like every convo i had that day
eating. i either don't eat or i eat loads, theres no in between
Boredom honestly. Nothing to do that doesn't cost money
The cost of everything, even going out with mates costs like £20
worrying about my mum's health, she's been in and out of BRI
the pressure to look like you've got your life sorted on snapchat
people don't take boys' mental health seriously, you're just told to man up
my sister has autism and everything at home revolves around her which is fine but i get forgotten
When the weather's bad and it gets dark at 4 i just want to stay in bed
i get panic attacks on the bus so i avoid going anywhere
vaping, I know it makes my anxiety worse but I can't stop
Being mixed race and not feeling like I fully fit in anywhere
I moved from Slovakia and kids make fun of my accent
sleep, screens, stress. the 3 S's lol
Being told I'm 'too young' to be depressed
nothing really, i'm mostly fine, just normal stress
my mental health is ok right now but last year was bad
walking the dog, seeing mates and the gym make it better, school and home make it worse
the feeling that adults dont listen
seeing fights filmed and posted on tiktok from my area
the area I live in. Theres drugs and stuff on our street and my mum won't let us out
people posting about self harm on tiktok, the algorithm just keeps showing you it
Sport helps me loads. Boxing club saved me from going down a bad road
I share a room with 2 brothers so I never get any space or quiet
Ramadan when it clashes with exams is hard, but it also brings the family together
I used to self harm and now I'm scared of it coming back
honestly its a mix of everything. school, home, friends, my phone. its not one thing its that it all piles up at the same time and theres nowhere to put it. some days im fine and then some days i cant get out of bed and i dont even know why
The way people talk about Bradford online, like it's the worst place in the country. It makes you feel like you're not going to get anywhere
Mostly my anxiety about the future. I don't see how I'll ever afford my own place or a car or anything my parents had at my age. It feels like the game is rigged and everyone older just says work harder
## young
GCSEs. teachers keep saying this is the most important year of your life like no pressure
school. the isolation booth for forgetting a pen is actually insane
teachers shouting, detentions for tiny stuff, it makes me not want to go in
being bullied at school for my weight
mocks!!! we've had 3 lots of mocks this year
year 9 was the worst, I didn't go in for like 2 months and nobody really noticed
my parents splitting up and having to live between two houses every week
group chats at 1am when people say stuff they wouldnt say to your face
school is too loud, I'm autistic and the corridors make me feel sick
Not being allowed to use the toilet in lessons when I'm having a panic attack
my mum won't let me see a doctor about it, she says it's just hormones
SATs in year 6 were stressful and now it's GCSEs, it never stops
being the only hijabi in my form, people make comments
I hate PE, getting changed in front of everyone makes me want to die
having to choose my options in year 9, like how are you meant to know what you want to do forever
teachers who don't believe you when you say you're struggling, they think you're just skiving
## older
uni deadlines and working 20 hours a week at the same time
job hunting. Applied for about 60 jobs and heard back from 3
rent. living in a shared house in Bradford is cheaper than Leeds but still takes most of my wages
a levels results were worse than I needed and now I don't know what to do with my life
moving out of care at 18 and suddenly being on my own
zero hours contract, I never know what I'm earning week to week
being at uni in Leeds but still living at home in Bradford so I don't fit in either place
student loan doesnt cover anything, I'm constantly stressed about money
{camhs} Turning 18 and going from CAMHS to nothing. Like I'm magically an adult now
feeling behind everyone else. They've all got jobs or are at uni and I'm still at home
college finished and now there's no structure to my day at all
## lgbt
coming out to my family, they said it's a phase
being misgendered at school by teachers who know my name
not being able to be myself at home, I'm only out to my friends
getting abuse online for being gay
## any
""")

YP_HELP = Pool("bradford-yp/help", r"""
I used Kooth, chatted to someone at like 11pm and it did help a bit
never tried, didnt want my parents to find out
Went to my GP and she said it was just teenage stuff and to come back if it got worse
i went on kooth a few times, its ok but sometimes you wait ages for someone to reply
I rang a helpline once and then hung up cos I didn't know what to say
the youth worker at the centre is the only adult who actually listened to me
My mum rang the GP for me and they gave me a leaflet and some website links
Tried, gave up. Every time you ring you get told to ring somewhere else
I haven't tried. I don't know where you would even go
I talked to my imam and he was actually really understanding which surprised me
I went to A&E once when it got really bad, waited 9 hours and a crisis nurse saw me for 10 minutes. She was kind though
the GP gave me tablets without really talking to me about it
used an app my mate recommended, it helps with breathing when i panic
my friend told me about a text service where you text a word and someone replies, used that at night a few times
I asked for help at the job centre and they pointed me to a group, it was actually good
I'm scared that if I tell someone they'll tell social services
Yes, the doctor referred me for counselling and it was 6 sessions on the phone, they were ok but 6 isn't enough
nah I just talk to my mates
I told my parents and they were supportive once they got over the shock. Mum came with me to the doctors
The Mind drop-in was good, no forms, you just turn up
didn't bother, my cousin tried and it took a year for anything to happen
googled it and did a quiz online that said I had depression lol. didnt really help
I tried talking to my dad and he said I've got nothing to be depressed about
I filled in a self referral form online but never heard anything back
my sister found me a counsellor that speaks urdu which helped my mum understand too
The nurse at the sexual health clinic asked how I was doing and I ended up crying, she sorted a referral
went to the GP, had to wait 3 weeks for an appointment then she said there was a long wait for everything
Online therapy through an app. Texting was easier than talking
I went to the crisis cafe once. Didnt expect much but it was calm and the people were nice
I talked to a youth worker on a detached outreach thing in the park, she gave me her number
i only got help after i ended up in hospital. before that no one took it seriously
tried twice, both times they said i wasnt bad enough for their service
The boxing coach noticed something was up and talked to me. Didn't expect that
not yet but im thinking about it after doing this survey
I'm on the waiting list for an ADHD assessment, it's been 2 years
a support worker at the refugee charity helped me, she came to the appointment with me
The GP was actually really good, she listened, gave me some numbers and booked me in again in 2 weeks to check
Kooth is good because it's anonymous and no one in my family has to know
I had to fill in about 5 questionnaires before anyone would talk to me
The person on the phone was nice but they just kept reading off a script
I told my friend and she told me to talk to a teacher, I still haven't
i've been in and out of services since i was 12, I've had about 8 different workers
I used the NHS app to find a service but it was confusing
went to the walk in centre for something else and told the nurse, she was kind but couldnt do much
Didnt think I'd be taken seriously as a lad
I wanted a counsellor who was a woman and there wasn't one available so I didn't go
A peer support group online for LGBT young people, it's the only place I feel normal
i called the crisis line and it was ok, the woman stayed on the phone with me for ages
My mum doesn't believe in counselling so I've never been allowed
I went to a youth group at the library where they do wellbeing stuff and art. Helped more than I thought
Only thing that helped was moving schools
They told me to try mindfulness. I was having panic attacks every day
honestly it took me ages to even admit something was wrong. when i finally went to the GP she was nice and referred me but the letter said the wait was 'up to 52 weeks'. i just laughed. in the end i found a free group at a charity through instagram and thats helped more than anything
My auntie is a nurse and she noticed before anyone else. She sat with me while I rang 111 and they got me a call back from the mental health team the same night
I tried the NHS website but it was all for adults and felt really clinical. I didn't know what any of the services were or which one was for me
i went to the doctors about my periods and ended up talking about my mood, the nurse was really good about it
yes loads of times. nothing ever sticks because they either discharge you or the worker leaves
my brother got me into the gym and that helped more than anything a doctor said
Rang the GP at 8am, 45th in the queue, by the time I got through there were no appointments. Gave up
Nobody asked me what I wanted, they just decided I needed CBT
I had a mentor through a charity for a year. She was brilliant and I'm gutted the funding ran out
the counsellor was nice but she kept saying 'and how does that make you feel' which made me want to scream lol
No, because I can cope on my own most of the time. I'd go if it got worse
Spoke to my dad finally and he cried, which I didn't expect. We're closer now
## young
Told my form tutor, she referred me to the school counsellor but there was a 2 month wait
The school nurse was nice but she only comes in on a wednesday
school referred me to the mental health support team and I had 8 sessions of CBT, it was actually really helpful
teachers just said i should talk to the pastoral team, the pastoral team said talk to your teacher
the school counsellor is good but everyone sees you going in so people talk
school gave me a time out card which helps when I'm overwhelmed
I told a teacher I was self harming and she had to tell my parents which made everything worse at home
our school has a wellbeing room, I go there at lunch when it's too much
## older
The uni wellbeing service gave me 6 sessions then said I'd need to go to my GP
college had a counsellor, she was good but I left college so that stopped
When I moved to adult services I had to tell my whole story again to someone who'd never met me
Work have an employee assistance thing, I rang it once, they were alright actually
I self referred to talking therapies and got a phone assessment within a few weeks, then waited 5 months for the actual therapy
At 19 theres nothing for you. Too old for youth stuff, too young to be taken seriously by adult services
## camhs
{young} Referred to CAMHS in year 8, I'm now in year 10 and still on the waiting list
CAMHS said I didn't meet the threshold. So I had to get worse before I could get help??
waited 18 months for camhs and when i finally got seen they discharged me after 3 sessions
CAMHS were actually amazing once I got in. It was the wait that nearly broke me
my referral to camhs got lost and we only found out when my mum chased it after 6 months
CAMHS was ok but they kept changing my worker, I had 4 in a year
I got help from CAMHS in the end. It took going to A&E for them to take it seriously though
They put me on the CAMHS waiting list and said in the meantime use Kooth. That was it
## older camhs
I turned 18 while on the CAMHS waiting list so they took me off it and I had to start again with adult services
""")

YP_CHANGE = Pool("bradford-yp/change", r"""
shorter waiting lists. waiting a year when your struggling is not ok
a counsellor in every school who's actually there every day
Drop-in places open in the evening, not just 9-5 when we're at school
people who look like me and understand my culture, not just white middle aged women no offence
dont kick people out of services the day they turn 18
teach about mental health properly in school, not just one assembly a year
more youth clubs!! somewhere to go thats free and warm
being able to text or chat instead of phoning, phoning is the worst thing for anxiety
Not having to tell my story over and over to new people
actually listen to young people and not just tick boxes
cheaper buses so we can actually get to places
less pressure with exams, we're not robots
safe spaces in the city centre where you can just sit without buying anything
teach parents about mental health so they dont think its attention seeking
Being able to get help without your parents knowing
more counsellors who can speak urdu, punjabi, polish etc
stop making young people prove they're ill enough
make the GP actually take you seriously when you're under 18
Free gym and sports for young people
mental health workers in mosques and community centres, places people already go
more help for young carers
A proper app that tells you what's available in Bradford
Support while you're on the waiting list, not just nothing
youth workers in parks and on the street, that's how you reach people like me
more understanding of autism and ADHD in services
not making everything online, some of us want to see a real person
put posters in the toilets at school with numbers for help, people won't ask in public
stop closing youth centres!!
support for lads, boys don't talk and no one makes it easy
I'd want it to be more chill. Like a café where you can chat, not an office with forms
help for families not just the young person, it starts at home
peer mentors, people a bit older who have been through it
Faster ADHD and autism assessments
Training for teachers so they know what to say and what not to say
Not being sent home from A&E with just a leaflet
More free stuff to do at weekends. Boredom is half the problem
Safe spaces for LGBTQ+ young people
more therapy options like art and music not just talking
make it easier to self refer, a simple form online
for it not to feel like you're being judged or in trouble
Actually tell us what happens after we fill in surveys like this
Be honest about how long the waits are so we can plan
more trained staff. Everyone I've met is overworked
I'd get rid of the word 'threshold'
mental health lessons in primary school so its normal from young
services that come to you, at college, at the youth club, not in a clinic in the middle of nowhere
Helpline that isn't just for when you're in crisis. Sometimes you just need a chat
more time with the person. 30 mins once a fortnight isnt enough
Translation for parents so they can understand what's going on
Support for people who don't have a diagnosis but still struggle
more women in services for girls who aren't comfortable with men
Better mental health support at the refugee services, people have been through so much
Somewhere to go after school thats not home and not the street
make sure theres follow up if you miss an appointment, instead of just discharging you
Help with sleep, nobody talks about how much that affects everything
Mentors from the same area who get what it's like round here
Proper crisis support that isn't A&E
Train sports coaches to spot when someone's struggling
Less forms, more talking
I'd want school to care about us not just grades
Honestly I dont know what would help, I just know what we have now doesnt
make it normal to talk about it, in every community not just some
more money for mental health, not just talk about it
Stop making people wait until they're suicidal to be seen
Kooth is good but it's not enough on its own, you need a real person too
counselling at the mosque or temple would get more families on board
just more people to talk to. thats it
get rid of isolation at school, it's literally sitting in a box for a day
Make it easier to find out what's out there. I only found out about half the stuff from my mate, not from school or the doctor. A simple list of places, what they do, how long the wait is and whether you need your parents, on TikTok and Insta where we actually are
Honestly the biggest thing would be more people. Every service I've been to the staff are nice but they're rushed and you can tell they've got 50 other people to see. If they had more time I think it would actually work
free counselling that doesnt need a doctor to refer you
more groups for girls, like walking or art, where you can talk if you want
Stop treating anxiety like it's not a real thing
Having someone check in with you while you wait, even just a text every few weeks
Make mental health services less scary, like not in a hospital
Believe us the first time
put more funding into CAMHS so people aren't waiting years
## young
better pastoral support at school, the pastoral team is 2 people for 1,200 kids
phones and TikTok - actually teach us how the algorithm works and how it messes with you
A school counsellor who isn't also a teacher
letting us leave lessons when we're overwhelmed without getting a behaviour point
## older
Support that carries on when you turn 18 and doesn't start from zero
Help with finding a job and money stuff, half my anxiety is about money
uni and college services that link up with the NHS so you don't fall through the gap
Services open at weekends for those of us who work in the week
## lgbt
Staff who use the right pronouns without making a big deal out of it
more LGBTQ+ groups outside Bradford city centre, getting there from Keighley is hard
""")


def bradford_yp_survey(rng: random.Random):
    name = "bradford-young-people-mental-health-2025"
    n = 580
    q_age = "How old are you?"
    q_area = "Which part of Bradford district do you live in?"
    q_now = "Are you currently..."
    q_wait = ("Have you ever been on a waiting list for CAMHS or another mental health "
              "service?")
    q_aff = "What affects your mental health and wellbeing the most at the moment?"
    q_help = ("Have you ever tried to get help with your mental health? Tell us what "
              "happened (you don't have to share anything you don't want to)")
    q_change = ("If you could change one thing about mental health support for young "
                "people in Bradford, what would it be?")
    q_gender = "How would you describe your gender?"
    q_sex = "Which of these best describes your sexuality?"
    q_eth = "What is your ethnicity?"
    q_dis = "Do you have a disability or long-term condition (this includes things like ADHD, autism or anxiety)?"
    header = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
              q_age, q_area, q_now, q_wait, q_aff, q_help, q_change, q_gender, q_sex, q_eth,
              q_dis]

    non_answers = ["n/a", "N/A", "none", "idk", "dont know", "-", "no comment", "nothing",
                   "?", "prefer not to say", "nah"]
    help_nonans = non_answers + ["no", "No"]
    style = Style(lower=0.35, apostrophe=0.3, ellipsis=0.08, nocap=0.2, nodot=0.3,
                  prefixes=("tbh ", "ngl ", "honestly ", "idk ", "i think ", "um "),
                  prefix_p=0.12,
                  suffixes=("tbh", "lol", "idk", "fr", "x", "!!", "thats it", "i guess"),
                  suffix_p=0.12)
    aff = FreeText(rng, YP_AFFECTS, blank=0.07, nonans=0.07, non_answers=non_answers,
                   style=style, join_p=0.20)
    hlp = FreeText(rng, YP_HELP, blank=0.14, nonans=0.09, non_answers=help_nonans,
                   style=style, join_p=0.10)
    chg = FreeText(rng, YP_CHANGE, blank=0.12, nonans=0.07, non_answers=non_answers,
                   style=style, join_p=0.18)

    ages = {"11-13": 16, "14-15": 26, "16-17": 22, "18-20": 22, "21-24": 14}
    areas = {"Bradford city centre": 10, "Bradford east": 14, "Bradford west": 14,
             "Bradford north": 10, "Bradford south": 10, "Keighley": 12, "Shipley": 8,
             "Bingley": 5, "Ilkley, Wharfedale or Craven": 5, "Don't know": 3}
    now_by_age = {
        "11-13": {"At school": 97, "Other": 3},
        "14-15": {"At school": 93, "Not in education, training or work": 4, "Other": 3},
        "16-17": {"At school": 10, "At college or sixth form": 72, "Working": 6,
                  "Apprenticeship or training": 6, "Not in education, training or work": 6},
        "18-20": {"At college or sixth form": 22, "At university": 32, "Working": 22,
                  "Apprenticeship or training": 8, "Not in education, training or work": 14,
                  "Other": 2},
        "21-24": {"At university": 26, "Working": 48, "Not in education, training or work": 20,
                  "Other": 6},
    }
    gender = {"Girl or young woman": 56, "Boy or young man": 36, "Non-binary": 4,
              "Prefer not to say": 4}
    sexuality = {"Straight": 70, "Gay or lesbian": 5, "Bi": 9, "Not sure / questioning": 6,
                 "Prefer not to say": 10}
    eth = {"White British": 36, "White - any other background": 4,
           "Roma": 2, "Pakistani": 32, "Indian": 4, "Bangladeshi": 4,
           "Black African": 3, "Black Caribbean": 1, "Mixed": 5, "Arab": 1,
           "Other": 2, "Prefer not to say": 6}
    disab = {"Yes": 30, "No": 52, "Don't know": 10, "Prefer not to say": 8}
    waits = {"Yes": 30, "No": 55, "Not sure": 15}

    done = moments(rng, n, dt.date(2025, 3, 3), dt.date(2025, 5, 23),
                   hours=[2, 1, 1, 0.5, 0.2, 0.2, 0.3, 1, 2, 3, 4, 4, 6, 5, 4, 5, 7, 7, 6,
                          7, 9, 10, 9, 6])
    rows = []
    for i, end in enumerate(done):
        start = end - dt.timedelta(seconds=rng.randrange(180, 1500))
        age = wchoice(rng, ages)
        s = wchoice(rng, sexuality)
        w = wchoice(rng, waits)
        g = wchoice(rng, gender)
        tags = {"young" if age in ("11-13", "14-15", "16-17") else "older"}
        if w == "Yes":
            tags.add("camhs")
        if s in ("Gay or lesbian", "Bi", "Not sure / questioning") or g == "Non-binary":
            tags.add("lgbt")
        tags = frozenset(tags)
        rows.append({
            "ID": str(i + 1),
            "Start time": start.strftime("%d/%m/%Y %H:%M"),
            "Completion time": end.strftime("%d/%m/%Y %H:%M"),
            "Email": "anonymous",
            q_age: age, q_area: wchoice(rng, areas),
            q_now: wchoice(rng, now_by_age[age]), q_wait: w,
            q_aff: aff.answer(tags), q_help: hlp.answer(tags), q_change: chg.answer(tags),
            q_gender: g, q_sex: s,
            q_eth: wchoice(rng, eth), q_dis: wchoice(rng, disab),
        })

    mapping = Mapping(
        comment=("Mapping for bradford-young-people-mental-health-2025.csv (Microsoft Forms "
                 "export saved as CSV).\nFictional sample data made by "
                 "scripts/make_sample_surveys.py."),
        source={"title": "Young people's mental health survey, Bradford district, spring 2025",
                "organisation": "Bradford District Care NHS Foundation Trust",
                "kind": "survey", "method": "survey", "participation": "consult",
                "visibility": "public",
                "url": "https://example.org/bdct/young-peoples-mental-health-survey-2025"},
        defaults={"places": ["Bradford District and Craven"],
                  "segments": ["Children and young people", "Mental health"],
                  "themes": ["Mental health support"], "communities": ["Young people"]},
        record_id="ID", date="Completion time", date_format="%d/%m/%Y %H:%M",
        free_text=[q_aff, q_help, q_change],
        attributes=[q_area, q_now, q_wait],
        ignore=["Start time", "Email", "Name", "Last modified time"],
        equality={q_age: "Age band", q_gender: "Gender", q_sex: "Sexual orientation",
                  q_eth: "Ethnicity", q_dis: "Disability"},
        values={
            q_age: {"11-13": "Under 18", "14-15": "Under 18", "16-17": "Under 18",
                    "18-20": "18-24", "21-24": "18-24"},
            q_gender: {"Girl or young woman": "Woman", "Boy or young man": "Man"},
            q_sex: {"Straight": "Heterosexual", "Bi": "Bisexual",
                    "Not sure / questioning": "Other"},
            q_eth: {"White - any other background": "White other", "Roma": "White other",
                    "Pakistani": "Asian or Asian British", "Indian": "Asian or Asian British",
                    "Bangladeshi": "Asian or Asian British",
                    "Black African": "Black or Black British",
                    "Black Caribbean": "Black or Black British", "Mixed": "Mixed or multiple",
                    "Arab": "Other ethnic group", "Other": "Other ethnic group"},
        },
        non_answers=extra_non_answers(help_nonans),
        declined=["Prefer not to say", "Don't know"],
    )
    csv_opts = {"bom": False, "quoting": csv.QUOTE_MINIMAL, "lineterminator": "\r\n"}
    return name, header, rows, mapping, csv_opts


# ==========================================================================
# 3. Kirklees GP access survey 2024 (Healthwatch Kirklees) - online survey
#    export with paper and outreach responses typed in
# ==========================================================================

GP_LAST = Pool("kirklees-gp/last-time", r"""
## neg
Was told there were no appointments left and to try again tomorrow. Same thing the next day
no appointments for 3 weeks, for a chest infection. ended up at the walk-in
The receptionist wanted to know all my symptoms in front of a full waiting room. I'm not comfortable with that
Offered an appointment with the pharmacist when I needed to see a doctor about a lump
Gave up in the end and went to A&E at HRI. Waited 6 hours for something my GP could have sorted
It was a phone appointment. The doctor rang while I was on the bus and I missed it, had to start all over again
I wanted to see my own GP who knows my history. Was told she has no appointments for 6 weeks
They said only emergencies today, ring 111 if it gets worse. It did get worse
Tried for a week for my son, he's 4 with a temperature. In the end the pharmacist said take him to A&E
They told me my medication review was overdue but there was nothing to book it into
I needed a blood test and the next one was 5 weeks away. The hospital asked for it within 2 weeks
Asked for a face to face and was told the doctor decides. I'm deaf, phone calls are no good to me
it's impossible. I've given up and I just buy stuff from the chemist now
The appointment was cancelled the day before by text with no explanation and no new one offered
was told to go to the practice in the next village as they were covering, no bus there from mine
Got an appointment for 3 weeks time. By then the infection had cleared up on its own so I cancelled
Was asked if it was urgent. I said I don't know, that's why I want to see a doctor
They said they can't book ahead more than 2 weeks, and the 2 weeks are always full
I have a learning disability and I need longer appointments. They only give 10 minutes
It's the same every time, I feel like I'm bothering them
Reception said 'we don't have a crystal ball' when I asked when appointments would be released
I'd had a cough for 5 weeks and was worried because my dad had lung cancer. It took me 4 days of trying to get through, and then I was told the first face to face was in 3 weeks and I could have a phone call in the meantime. The phone call was fine but the doctor said she needed to listen to my chest. So I waited the 3 weeks anyway
Shocking. Absolutely shocking
I need regular checks for my diabetes and I haven't had one in over a year. Every time I ask they say they'll send a text when there's a clinic. Nothing
My mum was really poorly, I rang and was told the doctor would call back 'at some point today'. He rang at 6.15pm and then said she should have gone to A&E hours ago
Was passed from reception to the care navigator to the pharmacist and back to reception. Nobody would actually make a decision
The receptionist said she couldn't book me in because I'm 'not registered' but I've been there 12 years. Took 20 minutes to sort out
## neg phone
Rang at 8am on the dot, 32nd in the queue. Got through at 8.50 and all the on the day appointments had gone
Phone rang out then cut me off after 40 minutes on hold
engaged tone for an hour. Not even a queue, just engaged
I rang 47 times on one morning. I counted
On hold for an hour on my dinner break at work, then had to go back before I got through
The phone message goes on for 3 minutes about covid and the NHS app before you even get in the queue
I have to ring at 8 but I start work at 8, so I can never get through
I got through at 8.30 and was told to ring back at 2pm for afternoon appointments. Rang at 2, all gone
my mum can't hear on the phone properly so i have to ring for her, she had to wait while i finished a shift
The call back option said they'd ring within 2 hours. Nobody ever rang
## neg online
The online form closes once it's full and by 8.15 it's full. What's the point
Tried the NHS app, no appointments showing at all, ever
The online form asks loads of questions and then says 'your request has been received' and you hear nothing for 3 days
My dad is 84 and has no smartphone, he can't use the online thing and the phones are always busy
filled in the online form, got a text 2 days later saying ring the surgery, so back to square one
online consultation form is not in any language other than English. My mum can't use it
## neg person
Went down in person because the phones were impossible, was told I had to ring
queued outside at 7.45 in the rain with about 15 others. Got seen in the end but that's no way to do it
## mixed
Got one in the end but it took 3 days of ringing
receptionists were nice enough, they just didn't have any appointments
I got a telephone call from the GP the same day, which was good, but I really needed to be examined
Was seen by a nurse practitioner rather than a GP. She was fine but I didn't know what she could and couldn't do
Eventually got a face to face after explaining it was the third time with the same problem
Appointment in 10 days was ok for what I needed, but it wouldn't have been if it was urgent
the care navigator sent me to the physio first, which was actually the right thing but I was annoyed at the time
the doctor was great once I got in. Getting in is the problem
It depends who answers. Some of the receptionists go out of their way, others act like you're a nuisance
Got a 'same day' appointment but it was 6pm and I had to leave work early
I was offered an appointment at the hub in Huddersfield on a Saturday, which was fine for me but I know people who couldn't get there
They sent me for a blood test first then the GP rang with results, which was efficient, but I'd have liked to talk to someone in person
It's hit and miss. Last time was easy, the time before I gave up
## mixed phone
Took 45 minutes on the phone but I got an appointment the same day
Held for ages but when I got through the receptionist was lovely and got me in that afternoon
## mixed online
The online form is good for simple things like a sick note but not for anything complicated
Used the online form, got a text back offering a slot next week. It works but I still don't really know who reads it
## pos
Really easy. Got an appointment the same day with a GP I'd seen before
They always fit me in when I need it, I can't fault them
The care navigator booked me in with the right person first time, a physio, and I was seen within the week
Seen by the nurse within 2 days for my asthma review, all very smooth
I asked for a face to face and got one the next morning
they prioritised my little girl because she's under 5, seen within an hour of ringing
My practice is small and the reception staff know me. It makes a big difference
I was offered a choice of times, including an evening one. Brilliant for me as I work
They have an interpreter booked for my dad each time, and a double appointment
Doctor rang me back within an hour and sent a prescription to the chemist. Job done
## pos phone
Rang at 8, 3rd in the queue and had an appointment for 10.30 the same morning
rang after 10 for a routine appointment and got one for the following week, no fuss
The call back system works well, they rang me back about 20 minutes later and booked me in
## pos online
Used the online form at 7pm, got a text the next morning with an appointment. Much better than the phones
booked through the NHS app in about 2 minutes. Wish everything worked like that
The online form was easy and the doctor messaged back the same day with advice. Saved me a trip
## pos person
Popped in to reception on the way to work and they booked me for the next day
## pos
Got a same day appointment for my daughter's ear infection, the GP was lovely with her
No problem at all, they offered me a face to face or a phone call and I picked the call
The nurse practitioner saw me the next day and sorted everything, didn't need the GP in the end
Easy this time, I think because I said it was about a new lump. They took it seriously straight away
Booked my smear and my blood test in the same call, both within a fortnight
They always seem to find a slot for my mum, they know she's 90 and on her own
I rang, explained, and got a call from the doctor within the hour. Can't ask for more
As a carer I'm flagged on their system and they're flexible with times, which helps a lot
Honestly no problems at all. I know people moan about GPs but ours has been fantastic with my husband's cancer
It was a routine thing and I got a slot within a week, which is all I need
The pharmacist rang me instead of the GP and she actually sorted my tablets out better than anyone has in years
## pos phone
My surgery has a call back system now. You press 1, put the phone down and they ring you when you're at the front. Got an appointment for my son the same morning. Whoever thought of that deserves a medal
## mixed
Reception told me the doctor was fully booked but the nurse could see me. She was brilliant but had to get the GP in anyway, so it all worked out
Appointment was fine, the waiting was the problem. 50 minutes late going in, with a poorly 2 year old
I had to ring three days running. On the third day I got in and the GP was lovely, apologised for the wait and said they are 2 doctors short
They booked me in at another surgery in the group. Not ideal with no car, but at least I was seen that day
Got a phone appointment quickly, then had to wait a week for a face to face when the GP wanted to see me. Fair enough I suppose
Not bad, not great. Seen within the week but by someone different every time
Easy to get through for the GP but the blood test took a month to get booked
The appointment itself was rushed, in and out in 7 minutes, but I was seen the same day
They gave me a video call which I'd never done before. It worked but my signal kept dropping
I was offered something in 2 weeks which was fine, it's only when it's urgent that it's hard
""")

GP_BETTER = Pool("kirklees-gp/better", r"""
More staff on the phones at 8am
A proper queue system that tells you your place and doesn't cut you off
Let people book ahead. Not everyone can ring at 8am every day
Keep some face to face appointments for people who can't do phone or online
Make the online form available all day, not just until it fills up
Train receptionists to be polite, it costs nothing
Let me see the same GP each time, I'm fed up of telling my story again
Evening and weekend appointments for people who work
Explain what the different staff do. I don't know what a care navigator or a PA is
Text reminders and the option to cancel by text
Interpreters for people who don't speak English, and not using the kids to translate
Longer appointments for people with more than one problem
More doctors!! I know it's not their fault but that's the answer
Tell us honestly how long we'll wait so we can plan
Don't ask for symptoms in front of everyone at the desk
A call back option that actually calls you back
Stop saying ring 111. 111 just tells you to ring your GP
Help older people with the NHS app, not everyone is online
Open the online form before 8, so people can do it before work
Let carers book for the person they care for without a big fuss each time
Have a separate line for test results so it doesn't block the booking line
Make it easier to get repeat prescriptions, they always get lost somewhere between the surgery and the chemist
Better communication. Tell us when things change instead of us finding out when we ring
A bigger building. The waiting room is tiny and the car park is always full
Put a hearing loop in and a screen that calls your name, I never hear them shout me
Less jargon on letters and texts
A named GP for people with long term conditions
Reception staff who know about mental health and don't make you explain it at the front desk
Easy read information for people with learning disabilities
Make the phone message shorter, 3 minutes before you even join the queue is ridiculous
Same day appointments for children, always
Be consistent. Every time the process is different
Home visits for people who are housebound, my nan hasn't seen a doctor in person for 2 years
Answer emails. I emailed twice about my referral and heard nothing
Better signposting to the pharmacy for small stuff so GPs are free for the big stuff
give people a choice of phone or face to face
Not make you feel like a nuisance for asking
More nurses for things like smears and blood tests so you don't wait a month
Get the online system working properly, it crashes half the time
A walk-in session one morning a week, like they used to have
Give people with autism a way to book without phoning, phoning is really hard for my son
Tell us what happens to the online form once you've sent it and when you'll hear back
Stop closing for training afternoons so often
Work together with the other practices in the area so there's cover
Check in with vulnerable patients instead of waiting for us to chase
Make the website clearer, I couldn't find how to book anything
Translate the online form into Urdu, Punjabi, Polish and Gujarati at least
Remember that not everyone has credit on their phone to hang on for an hour
Separate booking for urgent and routine, so routine stuff can be done any time of day
Let you book a double appointment when you have more than one thing
Have a doctor triage calls instead of receptionists
Stop sending people to other sites miles away without asking if they can get there
Send appointment confirmations in writing for people who aren't online
A way to see what appointments are free without ringing
Do health checks for over 40s again, I've never been called
Better disabled parking and a door that opens on its own
More privacy at the front desk, a screen or a side room
Accept that some people need a face to face and not argue about it
Treat younger people seriously, my daughter is 19 and always gets told it's nothing
Quieter waiting room for people with sensory needs
Keep the same receptionist team, it keeps changing and no one knows you
Phone back when they say they will
Get more GPs, fewer locums
Use text messages for results so I don't have to ring for them
Introduce a proper complaints process that tells you what happened
Be open about why it's hard to get an appointment, people are more patient if they understand
Honestly they're doing their best with what they've got, the system needs more money
The practice merged with another one last year and since then it's got worse. Too many patients, not enough staff, and the phone system can't cope. I'd like them to split the booking lines or at least add a call back option
Have someone on reception who speaks Urdu, half the patients at our surgery do
Make things accessible for blind patients. Online forms don't work with my screen reader and letters come in tiny print
When they say a doctor will ring 'sometime today' give at least a 2 hour window. I can't take my phone onto the shop floor
Offer appointments at the weekend hub more widely, most people don't know it exists
Ask patients what works for them. Nobody has ever asked me before this survey
more appointments, simple as
Answer the phone!! Please!!
Be kinder to people who are ill
Make the surgery more welcoming, it feels like a fortress now with the glass and the signs saying don't abuse staff
## pos
Nothing, keep doing what you're doing
Not much to be honest, they're good
Just keep the reception staff they have now, they're brilliant
They're great, I'd just say more appointments in school holidays for families
Honestly nothing, I know we're lucky compared to other places
Maybe a bit more parking, that's all
Keep the evening clinics, they're a lifesaver for me
Nothing really, just wish all practices were like ours
""")


def kirklees_gp_survey(rng: random.Random):
    name = "kirklees-gp-access-2024"
    n = 540
    q_coll = "Collector"
    q_practice = "Which GP practice are you registered with?"
    q_practice_other = "Which GP practice are you registered with? - Other (please specify)"
    q_when = "When did you last try to get an appointment with your GP practice?"
    q_how = "How did you try to get the appointment?"
    q_rating = "How easy was it to get an appointment?"
    q_last = "Please tell us about the last time you tried to get an appointment. What happened?"
    q_better = "What, if anything, could your GP practice do better?"
    q_carer = "Do you look after, or give any help or support to, someone because of their health or age?"
    q_age = "What is your age?"
    q_gender = "What is your gender?"
    q_eth = "What is your ethnic group?"
    q_dis = "Do you consider yourself to be disabled?"
    header = ["Response ID", "Start time", "Completion time", "IP Address", q_coll,
              q_practice, q_practice_other, q_when, q_how, q_rating, q_last, q_better,
              q_carer, q_age, q_gender, q_eth, q_dis]

    practices = {
        "Almondbury Fold Surgery": 6, "Batley Carr Medical Practice": 8,
        "Birkby Lane Health Centre": 7, "Cleckheaton Road Surgery": 6,
        "Dalton Village Practice": 5, "Heckmondwike Green Medical Centre": 6,
        "Holme Valley Bridge Surgery": 5, "Kirkburton Hill Practice": 4,
        "Marsden Brook Surgery": 3, "Mirfield Moor Medical Centre": 6,
        "Netherton Fold Practice": 4, "Ravensthorpe Road Surgery": 7,
        "Savile Town Health Centre": 8, "Spen Valley Family Practice": 7,
        "Thornhill Lees Surgery": 5, "Denby Dale Road Practice": 3,
        "Don't know": 2, "Other (please specify)": 3,
    }
    other_practice = ["the one by the big Asda in Huddersfield", "Not sure of the name, in Dewsbury",
                      "moved recently, not registered yet", "the one next to the library",
                      "a practice in Wakefield but I live in Kirklees",
                      "Lockwood, can't remember the name", "one in Batley"]
    collector = {"Web link": 74, "Paper survey": 14, "Outreach event": 8, "Telephone": 4}
    when = {"In the last month": 46, "1 to 3 months ago": 30, "3 to 6 months ago": 14,
            "More than 6 months ago": 10}
    how = {"By phone": 60, "Online (practice website, online form or NHS App)": 26,
           "In person at reception": 8, "Someone else did it for me": 6}
    how_tag = {"By phone": "phone", "Online (practice website, online form or NHS App)": "online",
               "In person at reception": "person", "Someone else did it for me": "phone"}
    rating = {"Very easy": 10, "Fairly easy": 22, "Neither easy nor difficult": 15,
              "Fairly difficult": 24, "Very difficult": 24, "Don't know": 5}
    rating_tag = {"Very easy": "pos", "Fairly easy": "pos", "Neither easy nor difficult": "mixed",
                  "Fairly difficult": "neg", "Very difficult": "neg", "Don't know": "mixed"}
    ages = {"Under 18": 1, "18 to 24": 6, "25 to 34": 14, "35 to 44": 17, "45 to 54": 17,
            "55 to 64": 17, "65 to 74": 15, "75 to 84": 8, "85 or over": 2,
            "Prefer not to say": 3}
    gender = {"Woman": 62, "Man": 33, "Non-binary": 1, "Prefer not to say": 4}
    eth = {
        "White - English/Welsh/Scottish/Northern Irish/British": 66,
        "White - Any other White background": 4, "White - Irish": 1,
        "Asian/Asian British - Pakistani": 12, "Asian/Asian British - Indian": 6,
        "Asian/Asian British - Bangladeshi": 1,
        "Black/African/Caribbean/Black British - Caribbean": 2,
        "Black/African/Caribbean/Black British - African": 1,
        "Mixed/Multiple ethnic groups": 2, "Other ethnic group": 1,
        "Prefer not to say": 4,
    }
    disab = {"Yes": 26, "No": 66, "Prefer not to say": 8}
    carer = {"Yes": 22, "No": 74, "Prefer not to say": 4}

    non_answers = ["n/a", "N/A", "none", "no comment", "No comment", "-", "nothing to add",
                   "did not answer", "Did not answer", "dont know", "see above", "as above"]
    style = Style(prefixes=("Honestly ", "To be honest, ", "Last time: ", "Well, "),
                  suffixes=("Thank you.", "Thanks.", "Not good enough.", "Thanks Healthwatch"),
                  suffix_p=0.04)
    last = FreeText(rng, GP_LAST, blank=0.08, nonans=0.04, non_answers=non_answers,
                    style=style, join_p=0.12)
    better = FreeText(rng, GP_BETTER, blank=0.14, nonans=0.08, non_answers=non_answers,
                      style=style, join_p=0.18)

    done = moments(rng, n, dt.date(2024, 4, 8), dt.date(2024, 6, 28))
    ids = sorted(rng.sample(range(10_400_000, 10_999_999), n))
    rows = []
    for i, end in enumerate(done):
        coll = wchoice(rng, collector)
        if coll == "Web link":
            start = end - dt.timedelta(seconds=rng.randrange(200, 1800))
            ip = fake_ip(rng)
        else:  # typed in by staff afterwards: the tool records the typing session
            end = end.replace(hour=rng.choice([10, 11, 13, 14, 15]))
            start = end - dt.timedelta(seconds=rng.randrange(120, 400))
            ip = "10.12.0.45"
        practice = wchoice(rng, practices)
        h = wchoice(rng, how)
        r = wchoice(rng, rating)
        tags = frozenset({rating_tag[r], how_tag[h]})
        rows.append({
            "Response ID": str(ids[i]),
            "Start time": start.strftime("%d/%m/%Y %H:%M"),
            "Completion time": end.strftime("%d/%m/%Y %H:%M"),
            "IP Address": ip, q_coll: coll,
            q_practice: practice,
            q_practice_other: (rng.choice(other_practice)
                               if practice == "Other (please specify)" else ""),
            q_when: wchoice(rng, when), q_how: h, q_rating: r,
            q_last: last.answer(tags), q_better: better.answer(tags),
            q_carer: wchoice(rng, carer), q_age: wchoice(rng, ages),
            q_gender: wchoice(rng, gender), q_eth: wchoice(rng, eth),
            q_dis: wchoice(rng, disab),
        })
    rows.sort(key=lambda row: dt.datetime.strptime(row["Completion time"], "%d/%m/%Y %H:%M"))

    mapping = Mapping(
        comment=("Mapping for kirklees-gp-access-2024.csv (online survey export; paper and "
                 "outreach responses were typed in by staff).\nFictional sample data made by "
                 "scripts/make_sample_surveys.py."),
        source={"title": "Getting a GP appointment in Kirklees: survey 2024",
                "organisation": "Healthwatch Kirklees", "kind": "survey", "method": "survey",
                "participation": "consult", "visibility": "public",
                "url": "https://example.org/healthwatch-kirklees/gp-access-survey-2024"},
        defaults={"places": ["Kirklees"], "segments": [],
                  "themes": ["Access/GP appointments"], "communities": []},
        record_id="Response ID", date="Completion time", date_format="%d/%m/%Y %H:%M",
        free_text=[q_last, q_better],
        attributes=[q_coll, q_practice, q_practice_other, q_when, q_how, q_rating, q_carer],
        ignore=["Start time", "IP Address"],
        equality={q_age: "Age band", q_gender: "Gender", q_eth: "Ethnicity",
                  q_dis: "Disability"},
        values={
            q_age: {"18 to 24": "18-24", "25 to 34": "25-34", "35 to 44": "35-44",
                    "45 to 54": "45-54", "55 to 64": "55-64", "65 to 74": "65-74",
                    "75 to 84": "75-84", "85 or over": "85+"},
            q_eth: {
                "White - English/Welsh/Scottish/Northern Irish/British": "White British",
                "White - Any other White background": "White other",
                "White - Irish": "White other",
                "Asian/Asian British - Pakistani": "Asian or Asian British",
                "Asian/Asian British - Indian": "Asian or Asian British",
                "Asian/Asian British - Bangladeshi": "Asian or Asian British",
                "Black/African/Caribbean/Black British - Caribbean": "Black or Black British",
                "Black/African/Caribbean/Black British - African": "Black or Black British",
                "Mixed/Multiple ethnic groups": "Mixed or multiple",
            },
        },
        non_answers=extra_non_answers(non_answers),
        declined=["Prefer not to say"],
    )
    csv_opts = {"bom": False, "quoting": csv.QUOTE_MINIMAL, "lineterminator": "\n"}
    return name, header, rows, mapping, csv_opts


# ==========================================================================
# 4. Wakefield cost of living and health survey 2023-24 (Wakefield Council)
#    - Citizen Space export, ISO 8601 dates
# ==========================================================================

WAKE_EFFECT = Pool("wakefield/effect", r"""
I only put the heating on for an hour at night now and my chest has been worse all winter
I'm skipping meals so there's enough for everyone else. I've lost nearly a stone
Constant worry. I check my bank balance five times a day and lie awake doing sums
I've stopped going to my slimming group and the gym, they were what kept me well
The damp is worse because we can't afford to heat the house properly, and it's affecting my asthma
Cut back on fresh fruit and veg, we eat a lot more pasta and beans now. I know it's not healthy
I've cancelled the dentist twice because I can't afford the treatment
Stress. Plain and simple. Everything costs more and nothing coming in has gone up
We go to bed early to keep warm. It's grim
I don't go out anymore, even a coffee with a friend is £4. I feel really isolated
I've had to use the food bank for the first time in my life. I was embarrassed but they were kind
Fuel for the car to get to hospital appointments at Pinderfields is a real worry, plus the parking
My mental health has gone downhill. I was doing well and now I'm back on antidepressants
Prepayment meter. When it runs out it runs out, and then it's cold showers and no cooker
It's not affected us too much, we're lucky, but I see it around me
Stopped buying my vitamins and the supplements the doctor recommended
I don't put the oven on, it's all microwave meals now. Cheaper but not good for you
My husband has COPD and needs to be warm. We spend on heating and cut back on food instead
The anxiety about bills makes my IBS flare up. It's a vicious circle
I walk everywhere to save bus fare which is good for me I suppose, but not in the rain with my knees
Got into debt on credit cards just paying for normal things like food and gas
I've stopped seeing my family in Leeds because the train is too dear
Haven't had new glasses for 3 years, my eyes have got worse and I get headaches
I have diabetes and healthy food costs more than rubbish food, simple as that
My sleep is terrible, I wake at 3am worrying about money
honestly not much change for us, we were already careful
Sold my car to pay off debts, now I can't get to my hospital appointments easily
Eating less meat and more veg which is probably no bad thing, but it's not a choice
I've been in bed with a hot water bottle in the afternoons to save on heating
We don't have people round anymore, can't afford to feed them, so you lose touch
Can't afford to replace my broken boiler so we've had no hot water since October
Stopped my prescription prepayment certificate to save money, then ended up paying more. Stupid really
it's the constant juggling, what bill to pay this month, what can wait. it wears you down
The mould in the bedroom came back when we stopped heating that room
I'm drinking more than I used to. It's cheaper than going out and it takes the edge off
I've stopped going to church because of the bus fare, and that was my main social life
It's affected my relationship, we argue about money all the time
Lost weight, not in a good way
Had to cancel my physio because I couldn't afford the taxi there
I haven't been to the dentist in 3 years. Can't find an NHS one and can't pay private
I'm on insulin and have to keep my fridge running and the house warm. The electric bill scares me
I'm disabled and my equipment runs on electric, the hoist, the bed, the chair. Bills have doubled
Buying cheaper food means more processed stuff. My blood pressure is up
My anxiety is through the roof. I've had panic attacks in the supermarket looking at prices
We make do. My mum lived through worse
I'm a diabetic, I've had hypos because I skipped meals
we wear coats in the house. thats where we are
i dont use the washing machine much now, the electric is too much. I feel dirty and it gets me down
Stopped going to the swimming baths, it was my exercise for my back
I'm not ill exactly but I'm tired all the time and snappy
Using the warm space at the library a few afternoons a week. Saves heating and I get a chat
I've not been to the opticians or the dentist this year, it all adds up
Our cat needed the vet and that was the shopping money gone for 2 weeks
I don't go to my hospital appointments sometimes because of the cost of getting there. I know that's bad
The stress triggered my psoriasis, it's all over my arms now
I'm 'just about managing' but one big bill would tip us over
I've been buying painkillers in bulk from the pound shop instead of getting a prescription
Lost friends because I can't do things that cost money
It's hard to eat healthy when a bag of apples costs more than a bag of crisps
I've started smoking again because of stress, which costs money too. I know
Our house is freezing and my husband's arthritis is much worse in the cold
I'm fine for now but I'm not saving anything at all anymore and that worries me
Had to borrow off my mam, at my age
We've had the heating on less and I've been ill with chest infections twice this winter
I haven't had a haircut in a year, it sounds small but it makes you feel rubbish
Where do I start. We've cut the heating, the food shop, days out, the lot. My husband has a heart condition and should be eating properly and keeping warm, and he's doing neither. I've got depression and I've stopped my counselling because I couldn't afford the bus there. Some weeks I just feel like giving up
In all honesty it hasn't affected my health much but my stress levels are much higher than they were
I used to be able to have a treat now and then, a meal out or a trip to the coast. Now there's nothing to look forward to and that's what's getting to me
## working
I'm working extra shifts to keep up and I'm exhausted, no time to cook properly or exercise
Universal Credit doesn't go anywhere near far enough. By week 3 we're eating toast
I've gone back to work while I'm still poorly because I can't afford sick pay
I've had to give up the gym and I was using it for my mental health
I work in a care home and some of my colleagues are using food banks. We're the ones looking after people
My employer put our hours down and the stress made me ill, I was off for 6 weeks
Two jobs and I still can't cover everything. I never see my partner
I feel like a failure. I work full time and still can't manage
Honestly I feel ashamed. I grew up here when people had jobs in the pits and they managed. Now I'm working and I can't
I had to reduce my hours because of my health, and now the money doesn't stretch. So I'm more stressed, which makes my health worse, which means I can't go back to full time. I've explained this to the job centre three times
## kids
I make sure the kids eat, I have whatever's left. Some days that's not much
My children are cold at home and my youngest keeps getting coughs and colds
The kids can't do clubs anymore, football was £30 a month. My son's mood has dropped since
School uniform, school trips, non uniform days, it all adds up and I end up borrowing
I feel guilty all the time that I can't give my kids what other kids have
My teenager has stopped eating lunch at school to save me money. I only found out last month
Free school meals have been a lifeline, but holidays are really hard
The baby's formula has gone up so much, I've watered it down once and felt awful about it
## older
The winter fuel payment helped but it doesn't touch the sides now
My pension hasn't kept up, I've stopped buying the things I enjoyed like a paper and a cake on a Friday
At my age I sit in the cold because I'm scared of the bill. My daughter keeps telling me to put it on
I live on my own since my wife died. I don't cook properly, it's not worth it for one and the cost of everything
I've stopped going to my luncheon club at the community centre, £6 a week I can't spare
Free bus pass is a godsend, I'd be stuck in the house without it
Cut back on fuel so I don't drive to see the grandkids as often and I miss them
I've lived in this house 50 years and never been this cold in it. I wear two cardigans and a hat indoors. I went to the doctors with my chest and she asked if I was keeping warm and I just laughed
## rent
My landlord won't fix the windows so all the heat goes straight out. The mould is back and my son has asthma
Rent went up £75 a month, that's our food money. I've been feeling really low
I'm in private rent and worried sick we'll be evicted if the rent goes up again
The housing association put our rent up and service charges too. Nothing left at the end of the month
## mortgage
Our mortgage went up £300 a month when the fix ended. We've cut everything back
Interest rate rise on our mortgage hit us hard, I've not slept properly since
""")

WAKE_HELP = Pool("wakefield/help", r"""
Help with energy bills, especially for people with health conditions who need to be warm
Free prescriptions for people with long term conditions. I pay for 6 items a month
Cheaper bus fares, or free travel to hospital appointments
More warm spaces, open at weekends too, not just weekday afternoons
Someone to help me sort out my debts without judging me
Knowing what I'm entitled to. I only found out I could claim something when my neighbour told me
Cheaper healthy food. Fruit and veg markets, community fridges, anything
NHS dentists. I'd go if I could find one
Help to make my house warmer, insulation, new windows, a proper boiler
Parking at Pinderfields should be free for people who go every week
A pay rise! Wages haven't kept up with anything
Benefits going up in line with prices, properly
Free activities for kids in the holidays, with food
Someone to talk to about the stress. I don't need tablets, I need someone to listen
Help with the cost of getting to appointments, a taxi scheme or volunteer drivers
Cheaper or free gym and swimming for people on low incomes
A one stop shop in the town centre for money advice, housing and health
Support for people who are working but still struggling, everything seems to be for people on benefits
Better social housing. Ours is falling apart
Clear information in plain English about what help there is. The council website is a maze
Debt advice that you can get the same week, not a 6 week wait
More food banks open in the evenings for people who work
Help with the cost of glasses and hearing aids
Community cooking classes, how to cook healthy on a budget
Energy companies should have to give people with medical equipment a lower rate
A council tax reduction for people on low incomes
Help with childcare costs so I can work more hours
free school meals for all primary kids, like in London
People who answer the phone at the council, and call you back
Help for people with disabilities who have extra costs, heating, equipment, transport
Cheaper water bills, it's gone up massively
More community groups to stop people being lonely. Free ones
Pension credit made easier to apply for, my mum won't fill in the form
Not making people feel like beggars when they ask for help
A helpline that isn't just a recorded message
Someone to come out and check my benefits, I don't go online
Support from the GP surgery to link me in with money advice, they're the ones I see
Better advice on how to get the most out of the little money you've got
Affordable repairs. My washing machine broke and that was it, no money for another
Help with broadband, everything is online now and I can't afford it
Free period products
Fuel vouchers at the food bank for the meter
The warm hub and the soup on a Wednesday has been brilliant, more of that
Rent controls. Simple
Cheaper tickets to the leisure centre for people on UC
help with mental health that doesn't have a year long wait
Someone to help me fill in forms. I struggle with reading
Cash, not vouchers. Let people decide what they need
Lower prices in the big supermarkets. They're making record profits
Don't cut services. Every time something closes it's the poorest who lose out
More places like the community pantry where you pay a few pounds for a bag of shopping
Help getting back into work after being ill, something gradual
I'd like help stopping smoking, it would save me a fortune
Better public transport, especially in the villages. If the bus goes I can't get anywhere
A friendly face. A lot of us are just on our own
Support for carers, we save the government a fortune and get £81 a week
Honestly I don't know, I've stopped expecting anything
More support for men. We don't ask for help until it's too late
Free or cheap counselling for people who are struggling with stress
Help for families with a disabled child, the costs are massive
Advice in other languages, my neighbour is Polish and she has no idea what she can get
Faster PIP decisions. I've been waiting 7 months
Community transport for older people to get to the shops and appointments
Somewhere warm to go in the evenings, not just the daytime
Better wages for care workers
An end to the prepayment meter premium, poorest pay most
Money advice at the food bank, they're already there
Loans that aren't from loan sharks, a proper credit union near me
For the council to join things up. I spoke to 5 different departments last year
Just a bit of understanding when you're behind on bills. Not threatening letters
Free health checks in community centres, I don't go to the doctors
Fixing the roads so I can cycle to work safely, saves on bus fare
A bit more time. Everything is rushed and no one has time to actually help
Cheaper pet food banks, people are giving up pets and it breaks their hearts
I'd like information about what help is out there sent by post, I'm not online
Free bus travel for people on Universal Credit looking for work
Honestly nothing, I'm coping ok. Put the money towards people worse off
I'm alright, but the people I volunteer with at the food bank need everything
Having the GP, the council and Citizens Advice in one building on one day would save me three trips and three bus fares. Every time I go somewhere I'm told the answer is somewhere else
A proper energy grant for older houses. Ours was built in 1910 and loses heat like a sieve. We've asked about insulation 3 times and we're never eligible because we're just over the threshold for everything
## kids
Holiday activities with food for the kids, the HAF stuff was brilliant but only for some
Cheaper school uniforms, let us buy plain stuff from the supermarket
Free breakfast clubs at every school
Help with nursery costs, I'm working just to pay for childcare
## older
Someone to check on older people in the winter, knock on doors
Raise the pension and bring back the winter fuel payment for everyone
Lunch clubs that are free or cheap, it's about the company as much as the food
""")


def wakefield_col_survey(rng: random.Random):
    name = "wakefield-cost-of-living-health-2023-24"
    n = 500
    q_status = "Response status"
    q_area = "Which area of the Wakefield district do you live in?"
    q_pc = "What is the first part of your postcode? (for example WF1)"
    q_home = "Do you rent or own your home?"
    q_kids = "Do any children under 18 live with you?"
    q_cut = ("In the last 12 months, have you cut back on any of these because of the cost? "
             "(Tick all that apply)")
    q_health = "How is your health in general?"
    q_effect = ("How has the rising cost of living affected your health and wellbeing, or "
                "that of your family?")
    q_help = "What help or support would make the biggest difference to you right now?"
    q_age = "What was your age on your last birthday?"
    q_gender = "What is your sex or gender?"
    q_eth = "What is your ethnic group?"
    q_dis = ("Do you have any physical or mental health conditions or illnesses lasting or "
             "expected to last 12 months or more that reduce your ability to carry out "
             "day-to-day activities?")
    q_imd = "IMD 2019 decile (derived from full postcode by the research team, 1 = most deprived)"
    header = ["Response ID", q_status, "Started on", "Submitted on", q_area, q_pc, q_home,
              q_kids, q_cut, q_health, q_effect, q_help, q_age, q_gender, q_eth, q_dis, q_imd]

    areas = {  # area: (weight, postcode districts, typical deprivation deciles)
        "Wakefield city and Outwood": (18, ["WF1", "WF2"], [1, 2, 3, 4, 5, 6, 8]),
        "Castleford": (13, ["WF10"], [1, 2, 2, 3, 4, 5]),
        "Pontefract": (10, ["WF8"], [2, 3, 4, 5, 6, 7]),
        "Knottingley": (6, ["WF11"], [1, 2, 3, 4, 5]),
        "Featherstone": (6, ["WF7"], [2, 3, 4, 5, 6]),
        "Normanton and Altofts": (7, ["WF6"], [2, 3, 4, 5, 6, 7]),
        "Ossett and Horbury": (10, ["WF5", "WF4"], [4, 5, 6, 7, 8, 9]),
        "Hemsworth, South Elmsall and South Kirkby": (13, ["WF9"], [1, 1, 2, 2, 3, 4]),
        "Rural villages (e.g. Crofton, Walton, Wrenthorpe)": (8, ["WF4", "WF2", "WF3"],
                                                              [6, 7, 8, 9, 10]),
        "Stanley and Lofthouse": (5, ["WF3"], [3, 4, 5, 6, 7]),
        "Prefer not to say": (4, [""], []),
    }
    homes = {"Own outright": 24, "Own with a mortgage": 22,
             "Rent from the council or a housing association": 30, "Rent privately": 18,
             "Live with family or friends": 4, "Other": 2}
    home_tag = {"Own with a mortgage": "mortgage",
                "Rent from the council or a housing association": "rent",
                "Rent privately": "rent"}
    cuts = ["Heating", "Food", "Travel to health appointments", "Prescriptions",
            "Dental treatment", "Glasses or eye tests", "Exercise or leisure",
            "Seeing friends and family"]
    cut_w = [70, 55, 22, 12, 25, 15, 40, 38]
    health = {"Very good": 12, "Good": 30, "Fair": 32, "Bad": 18, "Very bad": 6,
              "Prefer not to say": 2}
    ages = {"18 - 24": 5, "25 - 34": 15, "35 - 44": 19, "45 - 54": 19, "55 - 64": 18,
            "65 - 74": 14, "75 - 84": 7, "85 and over": 1, "Prefer not to say": 2}
    gender = {"Female": 63, "Male": 33, "Non-binary": 1, "Prefer not to say": 3}
    eth = {
        "White: English, Welsh, Scottish, Northern Irish or British": 84,
        "White: Irish": 1, "White: Gypsy or Irish Traveller": 1, "White: Roma": 0.5,
        "White: Any other White background": 4,
        "Asian or Asian British: Pakistani": 2.5, "Asian or Asian British: Indian": 1,
        "Black, Black British, Caribbean or African: African": 1,
        "Mixed or Multiple ethnic groups: White and Black Caribbean": 1,
        "Mixed or Multiple ethnic groups: White and Asian": 0.5,
        "Other ethnic group: Any other ethnic group": 0.5,
        "Prefer not to say": 3,
    }
    disab = {"Yes, limited a lot": 18, "Yes, limited a little": 22, "No": 55,
             "Prefer not to say": 5}

    non_answers = ["n/a", "N/A", "None", "none", "no comment", "Not sure", "-",
                   "nothing to add", "Nothing to add", "N/a", "As above", "nothing more to say"]
    style = Style(prefixes=("Honestly, ", "To be honest ", "Where do I start. ", "Well "),
                  suffixes=("Thank you for asking.", "Thanks.", "It's a struggle.",
                            "Hope this helps"),
                  apostrophe=0.18)
    effect = FreeText(rng, WAKE_EFFECT, blank=0.06, nonans=0.04, non_answers=non_answers,
                      style=style, join_p=0.20)
    helpq = FreeText(rng, WAKE_HELP, blank=0.12, nonans=0.07, non_answers=non_answers,
                     style=style, join_p=0.18)

    subs = moments(rng, n, dt.date(2023, 11, 6), dt.date(2024, 2, 29))
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ123456789"
    rows = []
    used_ids: set[str] = set()
    for end in subs:
        while True:
            rid = "ANON-" + "-".join("".join(rng.choice(letters) for _ in range(k))
                                     for k in (4, 4, 1))
            if rid not in used_ids:
                used_ids.add(rid)
                break
        start = end - dt.timedelta(seconds=rng.randrange(300, 2700))
        area = wchoice(rng, {k: v[0] for k, v in areas.items()})
        _, pcs, deciles = areas[area]
        age = wchoice(rng, ages)
        older = age in ("65 - 74", "75 - 84", "85 and over")
        kids_p = {"18 - 24": 0.35, "25 - 34": 0.6, "35 - 44": 0.75, "45 - 54": 0.45,
                  "55 - 64": 0.1}.get(age, 0.02)
        kids = "Yes" if rng.random() < kids_p else "No"
        home = wchoice(rng, homes)
        if older and home == "Own with a mortgage" and rng.random() < 0.7:
            home = "Own outright"
        tags = {"older" if older else "working"}
        if kids == "Yes":
            tags.add("kids")
        if home in home_tag:
            tags.add(home_tag[home])
        tags = frozenset(tags)
        picked = [c for c, w in zip(cuts, cut_w) if rng.random() < w / 100]
        pc = rng.choice(pcs)
        rows.append({
            "Response ID": rid, q_status: "Submitted",
            "Started on": start.strftime("%Y-%m-%dT%H:%M:%S"),
            "Submitted on": end.strftime("%Y-%m-%dT%H:%M:%S"),
            q_area: area, q_pc: pc if rng.random() > 0.1 else "",
            q_home: home, q_kids: kids,
            q_cut: "; ".join(picked) if picked else "None of these",
            q_health: wchoice(rng, health),
            q_effect: effect.answer(tags), q_help: helpq.answer(tags),
            q_age: age, q_gender: wchoice(rng, gender), q_eth: wchoice(rng, eth),
            q_dis: wchoice(rng, disab),
            q_imd: str(rng.choice(deciles)) if deciles and rng.random() > 0.08 else "",
        })

    mapping = Mapping(
        comment=("Mapping for wakefield-cost-of-living-health-2023-24.csv (Citizen Space "
                 "export, ISO 8601 dates).\nFictional sample data made by "
                 "scripts/make_sample_surveys.py."),
        source={"title": "Cost of living and your health: Wakefield district survey 2023-24",
                "organisation": "Wakefield Council", "kind": "survey", "method": "survey",
                "participation": "consult", "visibility": "public",
                "url": "https://example.org/wakefield/cost-of-living-health-survey"},
        defaults={"places": ["Wakefield"], "segments": [],
                  "themes": ["Cost of living"], "communities": []},
        record_id="Response ID", date="Submitted on", date_format="%Y-%m-%dT%H:%M:%S",
        free_text=[q_effect, q_help],
        attributes=[q_area, q_pc, q_home, q_kids, q_cut, q_health],
        ignore=[q_status, "Started on"],
        equality={q_age: "Age band", q_gender: "Gender", q_eth: "Ethnicity",
                  q_dis: "Disability", q_imd: "Deprivation decile"},
        values={
            q_age: {"18 - 24": "18-24", "25 - 34": "25-34", "35 - 44": "35-44",
                    "45 - 54": "45-54", "55 - 64": "55-64", "65 - 74": "65-74",
                    "75 - 84": "75-84", "85 and over": "85+"},
            q_gender: {"Female": "Woman", "Male": "Man"},
            q_eth: {
                "White: English, Welsh, Scottish, Northern Irish or British": "White British",
                "White: Irish": "White other",
                "White: Gypsy or Irish Traveller": "White other",
                "White: Roma": "White other",
                "White: Any other White background": "White other",
                "Asian or Asian British: Pakistani": "Asian or Asian British",
                "Asian or Asian British: Indian": "Asian or Asian British",
                "Black, Black British, Caribbean or African: African": "Black or Black British",
                "Mixed or Multiple ethnic groups: White and Black Caribbean":
                    "Mixed or multiple",
                "Mixed or Multiple ethnic groups: White and Asian": "Mixed or multiple",
                "Other ethnic group: Any other ethnic group": "Other ethnic group",
            },
            q_dis: {"Yes, limited a lot": "Yes", "Yes, limited a little": "Yes"},
        },
        non_answers=extra_non_answers(non_answers),
        declined=["Prefer not to say"],
    )
    csv_opts = {"bom": False, "quoting": csv.QUOTE_ALL, "lineterminator": "\n"}
    return name, header, rows, mapping, csv_opts


# ==========================================================================
# 5. Calderdale maternity experience survey 2024 (Maternity Voices style)
#    - paper forms typed up into a spreadsheet
# ==========================================================================

MAT_BIRTH = Pool("calderdale-maternity/birth", r"""
The midwives were brilliant, calm and kind the whole way through
I felt listened to, they explained everything before they did it
My midwife held my hand when I was scared and talked me through every contraction
I felt like I was a nuisance. Every time I asked for something I was told to wait
Nobody explained what was happening when things started to go wrong, I just knew it was serious because the room filled up with people
Amazing experience. My partner and I both felt part of it
Long labour (36 hours) but the staff were supportive even when they were clearly exhausted
They respected my birth plan as much as they could and explained why when they couldn't
I wish someone had checked in on how I was feeling afterwards, not just my body
Baby was born very quickly so there was no time for pain relief! The midwife was fab though
The student midwife was lovely, she stayed with me the whole time
Everyone introduced themselves which sounds small but made a difference
I had a tear and the stitching was done well and explained, but I wasn't told how to look after it after
I felt rushed and not really seen as a person, more a number
Skin to skin straight away and help with the first feed, just how I wanted it
I was frightened the whole time and nobody noticed
Honestly it was the best day of my life and the team made it that way
## hosp
Induction was a nightmare. Waited 3 days on the antenatal ward for a bed on labour ward, and my husband had to go home every night
They left me on my own for long periods in early labour. I was told I wasn't 'in labour' yet but I knew I was
Epidural took nearly 2 hours to arrive, the anaesthetist was in theatre. Once it was in it was amazing
Emergency section. It was terrifying but the team were so calm, the anaesthetist talked to me the whole way through
The postnatal ward was noisy and hot and I got no sleep for 2 nights. Partners should be allowed to stay
My baby went to SCBU and I was left on the ward with other mums and their babies. That was very hard
I asked for an epidural 3 times and it was only given when I was almost fully dilated
Midwife on the night shift was fantastic, the day shift less so. Felt very different care
Planned c-section and it all went to plan, they played my music in theatre
Felt pressured to have an induction and wasn't given the pros and cons. It ended in an emergency section
my partner was sent home at 10pm and i was on my own with a newborn and stitches, couldnt even lift her out of the cot
Waited hours on the postnatal ward to be discharged, for paperwork and the baby check
The consultant was dismissive when I asked questions. The midwives made up for it
Gas and air was my best friend lol. Midwife Jo (think that was her name) was great
Brilliant care in theatre, poor care on the ward afterwards. Call bell took ages to be answered
Had to ask 3 times for pain relief after my section
I had to go to triage 4 times with reduced movements before anyone took me seriously. Then it was all a rush
They let my mum stay as well as my husband because I was scared. Really appreciated that
The room was dirty when I arrived and there was blood on the floor. Otherwise care was good
I was in the corridor of triage for 2 hours in active labour because there were no rooms
My baby was born on the way to the delivery suite in the lift. The staff handled it so well, we laugh about it now
Forceps delivery, it all happened very fast and I didn't really understand why until the debrief weeks later
Lovely staff but clearly not enough of them. My buzzer went unanswered for 40 minutes
Postnatal ward was kind, especially the healthcare assistant who helped with breastfeeding at 3am
I had a PPH and lost a lot of blood. They were amazing in the moment but nobody came to talk to me about it after
felt like a conveyor belt, in and out in 6 hours. I wasn't ready to go home
Induced at 41 weeks, took ages to get going but the team checked on me regularly and kept me informed
Theatre team were fab. Felt safe the whole time even though I was shaking like a leaf
The midwife on the ward shouted at me for not feeding the baby right. I cried for hours
My waters broke at 34 weeks and I was transferred up to the ward. The next 2 days were a blur of monitors and steroid injections. When he came the room was full of people from the neonatal team, and they let me touch him before they took him. A nurse came to find my husband and told him everything step by step. I will never forget that kindness
I was told to go home from triage twice because I was only 2cm. The third time I went back I was 8cm and there was no time for an epidural. I felt like nobody believed me about my own body
Induction started on the Tuesday, baby born Friday. By then I had no energy left. The midwife who delivered her was amazing though, she gave me a pep talk that got me through
waited 5 hours for a doctor to sign off my discharge, with a toddler at home missing me
The theatre staff were singing along to the radio while they stitched me up which actually made me relax
They took my baby to be checked and nobody told me where she was for about 20 minutes
Good care but they kept losing my notes, I had to tell each midwife my blood group and my history
## hosp crh
Calderdale Royal are lovely but my partner spent £20 on parking over 3 days
I had my 2nd baby at CRH. So much better than my first which was in another city
## home
The midwife who came for my home birth had met me before, which made me feel so relaxed
Baby came so fast at home there was no time for the midwives to arrive, the 999 call handler talked my husband through it until the paramedics got there
## first
First baby and I was so scared. The midwife kept saying 'you're doing so well' and I believed her
Nobody told me how long the pushing stage could be. First time mums need more information beforehand
## any
Honestly it was all a bit of a blur, but I remember feeling safe and that people cared
It was very hard and I don't want to talk about it
Every member of staff was respectful of my wish to be covered as much as possible
## hosp crh
Had my baby at Calderdale Royal, the labour ward midwives were kind but so busy
Parking at CRH was a nightmare, my husband nearly missed the birth looking for a space
Calderdale Royal were great with my diabetes, the specialist midwife came to see me on the ward
The labour ward at Halifax was calm and quiet, lights down, it felt safe
I was transferred from the birth centre to the labour ward at CRH, it was handled well and they kept my partner with me
## birthcentre
The birth centre was like a hotel, I had the pool and it was exactly the birth I wanted
Birth centre midwives were so calm. Water birth, no drugs, felt amazing
Lovely birth centre but I had to be moved to the labour ward for monitoring and that was a shock
## hosp hri
I ended up at Huddersfield because Calderdale was full, that was stressful being sent to a different hospital in labour
HRI were fantastic, I had my first at Calderdale and this was a much better experience
My partner got lost in HRI at 3am trying to find the right ward, the signs are awful
## home
Home birth with two midwives, it was calm and perfect. They tidied up after as well!
Planned a home birth but had to transfer in by ambulance. The midwives stayed calm and came with me
The home birth team were brilliant, I had the same midwife for my antenatal appointments too
Home birth was amazing but getting the second midwife out took a long time
## first
As a first time mum I didn't know what to expect and they explained every step
I didn't know what any of the words meant, first baby, nobody explained what 'back to back' meant
## any
The care I had was good but the communication was not. I never knew who was in charge of my care
Everybody was so kind to my partner, he was terrified and they kept him involved
My husband speaks better English than me so they talked to him not me. It was my body
I was treated with respect about my faith and they let my husband say the adhan to the baby
they did not ask me what I wanted, they just did it
I had a doula and the staff worked really well with her
It went well really, I've got no complaints
Mixed. Some staff were excellent, some were rude and dismissive
It was not what I planned at all but I felt safe and that's what matters
""")

MAT_BETTER = Pool("calderdale-maternity/better", r"""
Seeing the same midwife at my antenatal appointments. I saw 7 different midwives
Being listened to when I said something didn't feel right
More support with breastfeeding in the first week at home. I gave up on day 5 and felt so guilty
Someone to ask how I was mentally, not just physically
Partners being able to stay overnight on the postnatal ward
Clearer information about induction, what happens and how long it can take
Quicker discharge, I waited all day to go home
Antenatal classes. There weren't any that fitted with my work
The health visitor came once and then I didn't hear anything for months
Debrief after a traumatic birth should be offered to everyone, I had to ask
More staff, they are run off their feet
Information in other languages about what happens during labour
A named person to contact after I went home with questions
Appointments that don't clash with the school run, I have 3 other kids
Better food on the ward, and something to eat when you've just given birth at 2am
More support for dads and partners, they're forgotten about
Perinatal mental health support sooner, I was on a waiting list when my baby was already 4 months
Not being made to feel stupid for asking questions
Don't make women wait in triage for hours
Quieter ward at night so you can actually rest
Scans on time. My growth scan was cancelled twice
Continuity. Every appointment I had to tell my history again
Help with tongue tie sooner. Took 3 weeks and feeding was agony
A proper postnatal check for me, not just a quick question at the 6 week check about the baby
More privacy, I was in a bay with curtains and everyone could hear everything
Being believed about the pain I was in
Talk to the mum, not the partner
More midwives who speak Urdu and Punjabi
Better support for women who have had a previous loss. The anxiety is huge and it wasn't acknowledged
Having the option of a home birth properly explained, I didn't know it was possible
Kinder language. Being told I was 'failing to progress' stuck with me
Written plan of what to expect in the days after you go home
Not having to repeat the same questions on every form
Fewer cancelled appointments
Better communication between the hospital and the community midwives. Nobody knew I'd been discharged
More information about what's normal for a newborn so you don't panic
Proper help with bottle feeding as well, not just breastfeeding
A pool room that's actually available. It was out of use when I went in
More time at appointments, they were rushed
The baby clinic at the children's centre closing was a big loss
An easier phone number to ring at night. Triage never answered
Let me take my older child to appointments without dirty looks
Better aftercare for stitches, I had an infection that nobody spotted for a week
More postnatal visits at home, I only had one from a midwife
Tell us about the support groups available, I found out about them months later
Clearer advice about reduced movements. I didn't want to waste anyone's time
Continuity of carer. That's all
Staff who understand cultural needs, like having a female doctor
Support for premature babies' parents when you go home, it's terrifying
Better support after a c-section, I couldn't lift the baby and there was no one around
Free parking for women in labour and their partners
Interpreters booked in advance, not on the day
Being offered a choice about induction instead of being told
The GP 6 week check was 5 minutes and she didn't ask how I was
Things explained in plain English, not medical terms
Nothing, it was a great experience from start to finish
Honestly can't fault anything
I think they do their best with what they have. It's the staffing that's the problem
More info about the birth centre option early in pregnancy
Mental health support for dads. My husband struggled and nobody asked him
Groups for mums that are free and local, I was very lonely
Car seat advice before leaving hospital, we had no idea
More support for young mums, I felt judged for my age
More respect for my choices, even if they weren't what the midwife would choose
Quicker results from blood tests, waiting is stressful when you're pregnant
Better pain relief options, the epidural wait was too long
Call bells answered faster
Warmer welcome at the front desk of the maternity unit
To be told who to contact about the birth certificate and other paperwork
Less changing of staff at handover, I had 4 different midwives in one day
Weekend breastfeeding support, everything shut from Friday
Better equipment for bigger women, I was made to feel embarrassed
Someone to follow up with me after my baby was in neonatal. I felt forgotten
Clear advice about vaccinations in pregnancy, I was confused
For the health visitor to come to the house instead of me going to a clinic with a newborn and a c-section wound
Someone checking that I had support at home, I didn't, my family are all in Pakistan
More time to talk about how the birth went before leaving hospital
A leaflet in Polish would have helped so much
Better signage around the hospital, especially at night
I wanted to know what happened to me. I still don't really know
More joined up care. I had a midwife, a consultant, a diabetes nurse, a dietitian, and a health visitor, and none of them seemed to know what the others had said. I ended up being the one carrying information between them while heavily pregnant
better follow up for mums whose babies go to neonatal. When we came home I had no idea who to call
Shorter waiting times at antenatal clinic, I waited 2 hours with a toddler
more help with sleep and the baby blues, nobody warns you about the crying
The midwife phone line at night. I rang 3 times and nobody answered, ended up at A&E
Listening to women with previous birth trauma. I asked for a c-section for months and was only given one at 38 weeks after I broke down at an appointment
Information about the birth centre in Urdu, my family didn't think it was safe
Warmer rooms on the postnatal ward, it was freezing at night
""")

MAT_INTERP = Pool("calderdale-maternity/interpreting", r"""
## offered
The interpreter on the phone was good but it was hard to hear during contractions
Face to face interpreter came for my booking appointment which was very helpful. After that it was always on the phone
they booked interpreter for every appointment, very good, thank you
The phone interpreter kept dropping off and the midwife gave up and used my husband
Interpreter was booked but did not come. We waited one hour then went home
The interpreter was a man and I did not want to talk about my body in front of a man
Interpreter in labour came by video on an iPad, it worked better than I expected
It was good when they used the interpreter. But at night there was no one
Very good interpreter, she explained everything and also explained to me my rights
The interpreter spoke a different dialect and I did not understand everything
The midwife waited for the interpreter before starting, I felt respected
Sometimes the interpreter was rushed and did not translate everything the doctor said
I had an interpreter for the big appointments but not for the small checks every day on the ward
The interpreter said things to the doctor that I did not say. I did not feel I could complain
The telephone interpreter had to call back 3 times. It took so long the midwife was annoyed
They offered an interpreter but I said my husband can do it. Now I think I should have said yes
For my first baby in another hospital no interpreter. Here they booked for every appointment and the birth. Very big difference
The interpreter came to the antenatal class, very good, I learned a lot
Interpreter was on time for all appointments, but the health visitor at home did not book one
The interpreter helped me understand the consent form for the operation, I was very grateful
They asked at booking what language and it was on my notes, so every time they called the interpreter line
## notoffered
No interpreter was offered. My husband translated everything, even about my stitches
nobody asked if I needed interpreter. I said yes and nodded to everything
My 12 year old daughter translated for me at appointments because no interpreter was booked. It was not right for her
I was not offered, I did not know I could ask
They used google translate on the phone. Some of it made no sense
My sister translated on the phone. But in labour she was not there
They said interpreter is not available at night, wait for the morning. I was in labour
I asked for interpreter and they said it was not needed because my English is 'good enough'. In pain it is not good enough
No one asked about my language at booking, so nothing was ever arranged
The staff tried hard with hands and pictures but I did not understand about the operation
My husband had to leave work every time to come and translate. He lost money
When I was bleeding after the birth no one could explain to me what was happening. I was very frightened
I was told to bring a family member to translate. My family is not in this country
The health visitor used my husband but he does not know words about women's things
## urdu
The Urdu interpreter was very kind and also helped my mother in law understand
The midwife who spoke Urdu came to help even though she was on another ward. Very thankful
Leaflets were given in Urdu which helped but I read Urdu slowly, better to have someone explain
## punjabi
Punjabi interpreter on the phone but he was speaking too fast and very formal
My mother in law only speaks Punjabi and she was with me, no one could talk to her
## polish
Polish interpreter was very good, very professional, I felt safe
I speak some English but for medical words I need Polish. The interpreter helped a lot at the scan
The Polish leaflet about breastfeeding was old and had mistakes
## romanian
Romanian interpreter was only by phone. I could not see who I was talking to, hard to trust
The interpreter was Romanian but I am Roma and I felt she judged me
## slovak
They booked a Czech interpreter but I speak Slovak, it was ok but not all the words
No Slovak interpreter for the birth. A cleaner who spoke Slovak helped a little bit
## arabic
The Arabic interpreter was from a different country and some words were different, but we managed
Arabic interpreter was excellent during the c-section, she stayed on the phone the whole time
## kurdish
They could not find a Kurdish Sorani interpreter so they used Arabic, I understand only a little Arabic
Kurdish interpreter came in person for the birth, I cried because I was so relieved
## tigrinya
A Tigrinya interpreter was very hard to find. Most of the time we used phone and it was very late
My support worker from the refugee charity came with me because no Tigrinya interpreter was booked
## bengali
The Bengali interpreter was very patient and explained the injections to me
Sylheti would be better than Bengali for me, the interpreter was ok but formal
## bsl
The midwives learned some signs for me, thank you, it made me feel welcome
Nobody could tell me on the ward when my baby's hearing test results would come. I had to text my mum to ring them
I want Deaf awareness training for all maternity staff. Writing on paper is not access
I am Deaf. A BSL interpreter was booked for my labour and she was amazing, but for the postnatal ward there was no one for 2 days
Deaf mum. Staff kept talking to me with masks on so I could not lip read. I asked many times
BSL interpreter for antenatal appointments was good. In triage at night they wrote notes on paper, slow and stressful
The ward used video BSL on a tablet but the wifi kept failing. My hearing partner ended up interpreting which I did not want
They forgot to book the BSL interpreter for my 6 week check, I had to rebook it and wait another 2 weeks
## any
Interpreting was fine most of the time
Some staff were very patient with my English, some were not
It would help to have the leaflets in my language
I wanted a woman interpreter for everything, sometimes yes, sometimes no
My husband does not always tell me everything the doctor says. I want to hear it myself
When you are in pain you forget your English
The scan person spoke slowly and used pictures, very helpful
I did not understand the discharge paper, it was all in English
Interpreter for appointments yes, for the health visitor at home no
The night staff did not use the interpreter phone, they said it takes too long
Interpreters should be there for labour not only for appointments
Everything was ok, the midwife speaks my language a little bit
I used the translation app on my phone with the midwife, not perfect but ok
The interpreter knew my village, it is a small community and I did not want her to know my business
Important things like the baby's jaundice test should be explained with an interpreter, not rushed
It was better than I expected, thank you to the midwife who always called the interpreter
Please have interpreters for the breastfeeding help also, it is very hard to learn with only pictures
The midwife wrote down the important things for me to translate at home, that was kind
My English is ok for shopping, not for hospital. Staff do not understand the difference
Sometimes I said yes I understand because I was embarrassed. I did not understand
""")


def calderdale_maternity_survey(rng: random.Random):
    name = "calderdale-maternity-experience-2024"
    n = 420
    q_where = "Q1 Where did you give birth?"
    q_baby = "Q2 How old is your baby now?"
    q_first = "Q3 Was this your first baby?"
    q_birth = "Q4 Tell us about your labour and birth, and the care you had"
    q_better = "Q5 What could have been better, from pregnancy to the first weeks at home?"
    q_lang = "Q6 What language do you prefer to speak?"
    q_need = "Q7 Did you or your birth partner need an interpreter?"
    q_interp = "Q8 If you needed an interpreter, please tell us how that went"
    q_age = "Q9 Age"
    q_eth = "Q10 Ethnic background"
    q_dis = "Q11 Do you consider yourself to have a disability?"
    header = ["Form ref", "Date received", "Entered by", "Batch", q_where, q_baby, q_first,
              q_birth, q_better, q_lang, q_need, q_interp, q_age, q_eth, q_dis,
              "Data entry notes"]

    where = {"Calderdale Royal Hospital (labour ward)": 58, "Calderdale Birth Centre": 15,
             "Huddersfield Royal Infirmary": 18, "At home": 5, "Other": 4}
    where_tags = {"Calderdale Royal Hospital (labour ward)": {"hosp", "crh"},
                  "Calderdale Birth Centre": {"hosp", "crh", "birthcentre"},
                  "Huddersfield Royal Infirmary": {"hosp", "hri"},
                  "At home": {"home"}, "Other": {"hosp"}}
    langs = {"English": 78, "Urdu": 7, "Punjabi": 3, "Polish": 3, "Romanian": 1.5,
             "Slovak": 1.5, "Arabic": 1.5, "Kurdish (Sorani)": 1, "Tigrinya": 1,
             "Bengali": 1, "BSL": 1.5}
    lang_tag = {"Urdu": "urdu", "Punjabi": "punjabi", "Polish": "polish",
                "Romanian": "romanian", "Slovak": "slovak", "Arabic": "arabic",
                "Kurdish (Sorani)": "kurdish", "Tigrinya": "tigrinya", "Bengali": "bengali",
                "BSL": "bsl"}
    eth_by_lang = {
        "English": {"White British": 70, "White other": 3, "Pakistani": 12, "Indian": 3,
                    "Bangladeshi": 1, "Black African": 2, "Black Caribbean": 1,
                    "Mixed": 4, "Other": 1, "Prefer not to say": 3},
        "Urdu": {"Pakistani": 92, "Prefer not to say": 8},
        "Punjabi": {"Pakistani": 70, "Indian": 26, "Prefer not to say": 4},
        "Polish": {"White other": 100}, "Romanian": {"White other": 100},
        "Slovak": {"White other": 100}, "Arabic": {"Other": 80, "Prefer not to say": 20},
        "Kurdish (Sorani)": {"Other": 90, "White other": 10},
        "Tigrinya": {"Black African": 100}, "Bengali": {"Bangladeshi": 100},
        "BSL": {"White British": 80, "Pakistani": 10, "Mixed": 10},
    }
    eth_typed = {  # what the typist wrote for each tick box
        "White British": ["White British", "White British", "White british"],
        "White other": ["White other", "White - other", "White Other"],
        "Pakistani": ["Pakistani", "Pakistani", "Asian - Pakistani"],
        "Indian": ["Indian", "Asian - Indian"], "Bangladeshi": ["Bangladeshi"],
        "Black African": ["Black African"], "Black Caribbean": ["Black Caribbean"],
        "Mixed": ["Mixed", "Mixed background"], "Other": ["Other", "Any other"],
        "Prefer not to say": ["Prefer not to say"],
    }
    ages = {"Under 18": 1, "18-24": 16, "25-34": 56, "35-44": 25, "45+": 1,
            "Prefer not to say": 1}
    age_typed = {"18-24": ["18-24", "18-24", "18 to 24"], "25-34": ["25-34", "25-34", "25 to 34"],
                 "35-44": ["35-44", "35-44", "35 to 44"]}
    disab = {"Yes": 9, "No": 80, "Prefer not to say": 3, "": 8}
    baby = {"Under 3 months": 30, "3-6 months": 35, "6-12 months": 28, "Over 12 months": 7}
    typists = ["JH", "SK", "JH", "RA", "vol - MB"]

    non_answers = ["n/a", "N/A", "-", "did not answer", "no comment", "none"]
    interp_na = ["n/a", "N/A", "not needed", "Not needed", "-", "did not answer",
                 "Not applicable"]
    style = Style(upper=0.04, suffixes=("Thank you", "Thank you to all the staff",
                                        "[continued on back of form]"),
                  suffix_p=0.05, apostrophe=0.12)
    interp_style = Style(lower=0.04, apostrophe=0.05, nocap=0.05, upper=0.03)
    birth = FreeText(rng, MAT_BIRTH, blank=0.05, nonans=0.03, non_answers=non_answers,
                     style=style, join_p=0.22)
    better = FreeText(rng, MAT_BETTER, blank=0.10, nonans=0.05, non_answers=non_answers,
                      style=style, join_p=0.20)
    interp = FreeText(rng, MAT_INTERP, blank=0.0, nonans=0.0, non_answers=interp_na,
                      style=interp_style, join_p=0.22)

    def scrawl(text: str) -> str:
        """What a typist does with handwriting they can't read."""
        if rng.random() < 0.04 and text.count(" ") > 6:
            words = text.split(" ")
            k = rng.randrange(2, len(words) - 2)
            words[k] = "[illegible]"
            text = " ".join(words)
        return text

    received = sorted(moments(rng, n, dt.date(2024, 5, 7), dt.date(2024, 9, 27)))
    rows = []
    for i, day in enumerate(received):
        w = wchoice(rng, where)
        lang = wchoice(rng, langs)
        tags = set(where_tags[w])
        first = wchoice(rng, {"Yes": 42, "No": 55, "": 3})
        if first == "Yes":
            tags.add("first")
        if lang == "English":
            need = wchoice(rng, {"No": 96, "Yes": 2, "": 2})
        else:
            need = wchoice(rng, {"Yes": 62, "Yes - but not offered one": 26, "No": 10, "": 2})
        itags = {lang_tag.get(lang, "")} - {""}
        itags.add("notoffered" if need == "Yes - but not offered one" else "offered")
        translated = lang not in ("English", "BSL") and rng.random() < 0.45
        prefix = f"[Translated from {lang.split(' ')[0]}] " if translated else ""
        b = birth.answer(frozenset(tags))
        if b and prefix and b not in non_answers:
            b = prefix + b
        bt = better.answer(frozenset(tags))
        if bt and prefix and bt not in non_answers:
            bt = prefix + bt
        if lang == "BSL" and need.startswith("Yes"):
            # Deaf mothers: only the BSL answers fit (no phone interpreting)
            ia = interp.answer(frozenset({"bsl"}), require="bsl")
        elif need.startswith("Yes") and lang != "English":
            ia = interp.answer(frozenset(itags)) if rng.random() < 0.9 else ""
        elif need.startswith("Yes"):
            ia = interp.answer(frozenset({"offered"})) if rng.random() < 0.7 else ""
        else:
            ia = rng.choice(interp_na) if rng.random() < 0.35 else ""
        age = wchoice(rng, ages)
        age_cell = rng.choice(age_typed.get(age, [age]))
        if age == "45+" and rng.random() < 0.5:
            age_cell = "45 or over"
        eth = wchoice(rng, eth_by_lang[lang])
        notes = ""
        r = rng.random()
        if r < 0.03:
            notes = "Two boxes ticked for Q1, entered first one"
        elif r < 0.05:
            notes = "Q4 answer continued on back of form, typed in full"
        elif r < 0.07:
            notes = "Form returned via Children's Centre drop box"
        elif r < 0.09 and translated:
            notes = "Translated by volunteer interpreter"
        elif r < 0.10:
            notes = "Page 2 missing"
        rows.append({
            "Form ref": f"MV24-{i + 1:04d}",
            "Date received": day.strftime("%d/%m/%Y"),
            "Entered by": rng.choice(typists),
            "Batch": f"Batch {1 + i // 60}",
            q_where: w, q_baby: wchoice(rng, baby), q_first: first,
            q_birth: scrawl(b), q_better: scrawl(bt),
            q_lang: lang, q_need: need, q_interp: ia,
            q_age: age_cell if rng.random() > 0.03 else "",
            q_eth: rng.choice(eth_typed[eth]) if rng.random() > 0.03 else "",
            q_dis: wchoice(rng, disab),
            "Data entry notes": notes,
        })
        if notes == "Page 2 missing":
            for col in (q_lang, q_need, q_interp, q_age, q_eth, q_dis):
                rows[-1][col] = ""

    mapping = Mapping(
        comment=("Mapping for calderdale-maternity-experience-2024.csv (paper forms typed "
                 "into a spreadsheet by staff and volunteers).\nFictional sample data made by "
                 "scripts/make_sample_surveys.py."),
        source={"title": "Your maternity experience in Calderdale 2024",
                "organisation": "Healthwatch Calderdale", "kind": "survey",
                "method": "survey", "participation": "involve", "visibility": "public",
                "url": "https://example.org/calderdale-maternity-voices/survey-2024"},
        defaults={"places": ["Calderdale"], "segments": ["Maternity"], "themes": [],
                  "communities": ["Women", "Parents and families"]},
        record_id="Form ref", date="Date received", date_format="%d/%m/%Y",
        free_text=[q_birth, q_better, q_interp],
        attributes=[q_where, q_baby, q_first, q_lang, q_need],
        ignore=["Entered by", "Batch", "Data entry notes"],
        equality={q_age: "Age band", q_eth: "Ethnicity", q_dis: "Disability"},
        values={
            q_age: {"18 to 24": "18-24", "25 to 34": "25-34", "35 to 44": "35-44",
                    "45+": "45-54", "45 or over": "45-54"},
            q_eth: {"White british": "White British", "White - other": "White other",
                    "White Other": "White other", "Pakistani": "Asian or Asian British",
                    "Asian - Pakistani": "Asian or Asian British",
                    "Indian": "Asian or Asian British",
                    "Asian - Indian": "Asian or Asian British",
                    "Bangladeshi": "Asian or Asian British",
                    "Black African": "Black or Black British",
                    "Black Caribbean": "Black or Black British",
                    "Mixed": "Mixed or multiple", "Mixed background": "Mixed or multiple",
                    "Other": "Other ethnic group", "Any other": "Other ethnic group"},
        },
        non_answers=extra_non_answers(non_answers, interp_na),
        declined=["Prefer not to say"],
    )
    csv_opts = {"bom": False, "quoting": csv.QUOTE_MINIMAL, "lineterminator": "\r\n"}
    return name, header, rows, mapping, csv_opts


# ==========================================================================
# 6. West Yorkshire urgent care survey 2025 (West Yorkshire ICB, at scale)
#    - online survey export with a place column
# ==========================================================================

UC_STORY = Pool("wy-urgent-care/story", r"""
## neg
{visit} Nobody told us what was happening or how long it would be. We just sat there
I was sent from one service to another all day. 111 said go to the walk-in, the walk-in said go to A&E
felt like a waste of everybody's time, including mine
{self} I was passed about like a parcel. By the end of the day I'd spoken to 111, a GP, a pharmacist and a nurse and nobody had actually looked at me
{self} The care itself was fine, but nobody told my GP, so when I went for my follow up they knew nothing about it
Staff were rude and dismissive. I was made to feel like I was making a fuss about nothing
## pos
Everyone I dealt with was kind and professional, I felt in safe hands
Quick, clear and kind. That's all you want when you're worried
Much better than I expected after everything you read in the papers
{self} I was treated with dignity and everything was explained in words I could understand
Honestly a really good experience from start to finish, I want to say thank you
## mixed
Staff were great, the system is the problem
Good in the end but took far too long to get there
It was ok. Nothing special, nothing terrible
Some of it was really good and some of it was really poor. Depends who you get
I got the right treatment in the end but I had to push for it
## 111 neg phone
{child} On hold to 111 for 1 hour 40 minutes with a screaming baby. Then told a clinician would ring back within 2 hours. They rang after 6
111 asked the same questions three times, to three different people
The call handler was reading from a script and couldn't answer simple questions. In the end she sent an ambulance which we didn't need
Rang 111 at 2am, waited on hold, eventually cut off. Rang again and started at the back of the queue
111 said I needed to be seen within the hour but there was nowhere open to see me
They told me to ring my GP. It was Saturday night
{other} I was on hold to 111 for 50 minutes while my husband was struggling to breathe. In the end I rang 999
{other} I rang 111 about my mum's catheter at 11pm. They said a district nurse would come. Nobody came till 9 the next morning and she was in agony all night
{child} The 111 call back came at 3am when we'd finally got the baby off to sleep
The 111 person couldn't understand my accent and kept asking me to repeat myself, I felt stupid
Spent 25 minutes answering questions on 111 only to be told to go to A&E, which I could have done in the first place
The recorded message at the start of 111 goes on for ages, when you're panicking it feels like forever
After 2 hours on hold I gave up and drove to the walk-in myself
Nobody at 111 could tell me which chemists were open on a bank holiday
## 111 neg
{other} 111 sent an ambulance for my mum for a fall, and it took 9 hours to arrive. She was on the floor all that time
111 told me to go to an urgent treatment centre that had closed 2 hours earlier
## 111 neg online
111 online told me to go to A&E for something that turned out to be nothing. I think the questions are too cautious
The online form kept timing out halfway through and I had to start again
I did 111 online and it said someone would call. Nobody called. In the end I went to the walk-in anyway
## 111 pos phone
111 were brilliant, a nurse rang back within 20 minutes and booked me a slot at the out of hours doctor
{other} The 111 call handler was calm and reassuring when my dad collapsed, she stayed on the line till the ambulance arrived
{self} Rang 111, got a call back from a pharmacist who sorted my prescription when I'd run out of my epilepsy tablets on holiday
{child} I rang 111 about my son's rash and the nurse who called back was so thorough, she put my mind at rest
The 111 call handler had a lovely manner, she calmed me right down and talked me through what to do
{self} 111 arranged a dental emergency appointment for the next morning, I'd been in agony all weekend
Got through to 111 in about 5 minutes, really clear advice and a follow up call the next day to check
{self} The clinician on 111 actually listened to me and realised it was more serious than I thought. Probably saved my life
111 sent the details through to the walk-in so when I got there they already knew why I'd come
111 booked me straight into the urgent treatment centre with a time slot, no waiting around
## 111 pos online
Used 111 online at midnight, it was quick and told me to see a pharmacist in the morning. Saved me a trip to A&E
111 online was easy, booked me a call back and the doctor rang within the hour
## 111 mixed
111 took a while but the advice was right in the end
The call handler was lovely but then the nurse call back took 4 hours
111 gave good advice but it would have been quicker to just go to the walk-in
Advice was fine but I had to answer the same 30 questions again to the nurse
I wasn't sure if I should have gone somewhere else in the end. They weren't sure either
## 111 mixed phone
Long wait on hold, but once I got through they sorted it
## ae neg
{self} Waited 11 hours in A&E on a plastic chair. No food, no water offered, nobody checked on me once
A&E was rammed. Corridors full of people on trolleys. The staff were doing their best but it was like a war zone
We waited 7 hours to be triaged properly. The triage nurse saw us after 20 minutes then nothing
I was in a lot of pain and waited 4 hours for painkillers
The waiting room was frightening at night, people shouting and being sick, security called twice
Nobody told us why we were waiting or where we were in the queue. We nearly went home
Got a bed after 26 hours on a trolley in a corridor. I heard everything about the man next to me
{self} I'm autistic and the noise and lights in A&E were unbearable. I asked for somewhere quieter and was told there wasn't anywhere
The toilets in A&E were disgusting, no toilet roll, no soap
Sent home at 3am with no way of getting home. Taxi was £40
Was told to go to A&E by 111 and then the triage nurse said I shouldn't be there. So which is it
The staff were clearly exhausted, one nurse told us she hadn't had a break in 10 hours
It took 9 hours to be seen for a broken wrist. The doctor was lovely but 9 hours
There's no one to ask. The reception desk just says wait to be called
{other} My mum has dementia and we waited 14 hours, she was distressed and nobody offered a side room
{other} The ambulance waited outside A&E for 3 hours with my dad in the back because there was no space inside
We were told it would be 'a couple of hours' and it was 10. If they'd been honest we'd have planned better
{self} I was discharged from A&E in the early hours in my pyjamas with no coat and no way home
{other} A&E is not the place for someone in a mental health crisis. My son sat in a cubicle for 30 hours waiting for a bed
There was one doctor for the whole of minors on a Saturday night
{self} I had to ask several times for my diabetes to be taken into account, I nearly had a hypo waiting
The receptionist was rude and the security guard was ruder
They lost my blood tests and had to do them again, which added 4 hours
{self} A&E was the last resort, my GP couldn't see me for 3 weeks. Then I waited 8 hours anyway
{self} Nobody spoke to my wife who is my carer, they sent me home and she didn't know what to look out for
## ae neg self
Chest pain, I was seen quickly for an ECG and then forgotten about for 6 hours
I had a miscarriage in the A&E waiting room, surrounded by people. Nobody took me somewhere private until afterwards
## ae neg child
My 3 year old had a temperature of 40 and we waited 5 hours in the children's A&E. He was so poorly
Took my daughter in with a suspected broken arm, waited 6 hours then were told to come back the next day for the fracture clinic
## ae pos
A&E was busy but I was seen within 2 hours and everyone explained what was happening
The triage nurse was amazing, really took me seriously and got me straight through
Can't fault A&E. Quick X ray, quick result, sorted and home in 3 hours
{other} The staff in resus saved my husband's life. Thank you isn't enough
The doctor apologised for the wait and then spent proper time with me. That made up for it
Ambulance crew were fantastic and we were handed over quickly
{self} They were really good with my learning disability, they let my support worker stay with me and used easy words
{self} Very impressed with how A&E dealt with my fall. X ray, plaster, physio advice all in about 3 hours
{self} The nurse who looked after me overnight in A&E was an angel, she checked on me every 20 minutes
{self} I was seen in the new same day emergency care unit which meant I didn't have to be admitted. Really efficient
{child} A&E were fantastic. My daughter has autism and they found us a quiet room straight away
{other} They gave my mum a side room because of her dementia and let me stay with her all night
Everyone was professional and kind even though it was obviously very busy
{other} Seen by the frailty team in A&E who sorted my dad's care so he didn't need to stay in. Brilliant
{self} The doctor explained my scan results really clearly and drew me a picture
Quick triage, clear explanation, home in 4 hours. No complaints
## ae pos child
Children's A&E were brilliant, the play specialist kept my son calm while they stitched his head
They got my baby seen very quickly because of her age. Really reassuring
## ae mixed
Long wait, 6 hours, but the care when we got it was excellent
The doctor was brilliant, the wait was not. 8 hours on a plastic chair
Everyone was kind but we had no idea what was going on
The nurses were great, the waiting room was grim
Triage was fast, then it all stopped. Good care once I was in a cubicle
Some staff went out of their way, others didn't even look at you
Excellent care from the doctors, awful communication from the reception
The wait was long but I understood, there were ambulances coming in all night
## ae neg leeds
Jimmy's A&E was like a zoo on a Friday night. 9 hours. Never again
The LGI A&E is so hard to get to and parking is a joke, I left my car and got a ticket
Waited in the corridor at St James's for 18 hours for a bed on a ward
## ae pos leeds
{other} The LGI were brilliant with my husband's stroke, straight to scan and treated within the hour
{other} Jimmy's were busy but really on the ball, my nan was seen quickly because of her age
## ae neg bradford
BRI A&E was packed, we waited 8 hours and there were people on trolleys everywhere
{child} BRI parking is impossible, I drove round for 20 minutes while my son was in pain
## ae pos bradford
{other} Bradford Royal's A&E staff were fab with my dad, in and out in 4 hours
## ae neg halifax
Calderdale Royal A&E was overwhelmed. Waited 10 hours and the waiting room was freezing
Sent to Calderdale Royal then told the specialist was at Huddersfield so had to go there instead
## ae pos halifax
{self} Calderdale Royal A&E were quick and kind, the nurse practitioner sorted my cut hand in an hour
## ae neg huddersfield
{other} HRI A&E was rammed, we waited 7 hours with my grandad on a trolley in the corridor
## ae pos huddersfield
Really good at HRI, seen fast, X rayed and home with a plan
## ae neg wakefield
Pinderfields A&E waited 12 hours. The staff are lovely but it's not working
Pinderfields is miles from us and the bus doesn't run at night, we had to get a taxi home at 4am
## ae pos wakefield
Pinderfields were really good, busy but organised, I knew where I was at each stage
## utc neg
The walk-in had a 5 hour wait and then closed its doors at 8pm with people still waiting
Walk-in centre turned me away because they'd reached capacity by 11am
The walk-in sent me to A&E anyway after 3 hours so it was a wasted journey
Couldn't find out the waiting time before going, it would have helped to know
The urgent treatment centre didn't have an X ray machine working so we had to go to A&E
Walk-in wait was 4 hours and there were no updates at all, people were walking out
They couldn't prescribe what I needed so I had to go back to my GP the next day anyway
{self} The walk-in closed its X ray at 8pm, so they told me to come back in the morning with what turned out to be a broken foot
Really long queue just to book in at the desk before you even wait to be seen
{self} The walk-in nurse didn't examine me properly and I ended up in A&E two days later
## utc pos
The walk-in was great, seen in 40 minutes and out with antibiotics
Urgent treatment centre was calm, clean and quick. So much better than A&E
Booked a slot through 111 and walked straight in at the urgent treatment centre, brilliant
{self} The nurse at the walk-in cleaned and dressed my burn and showed me how to look after it
Seen by a paramedic practitioner at the walk-in who was brilliant, didn't need a doctor at all
The walk-in is a great service. I wish more people knew about it instead of going to A&E
In and out in an hour with stitches. Much better than sitting in A&E all night
Staff at the walk-in were friendly and explained everything. I'd go back
{self} They X rayed my wrist at the urgent treatment centre and got me a fracture clinic appointment. All very joined up
The receptionist at the walk-in went out of her way to get me seen before they closed
Clean, quiet and quick. The nurse practitioner was brilliant
## utc mixed
Walk-in wasn't too bad, 2 hour wait, but the waiting room was tiny and everyone was coughing
The walk-in was fine but I had to come back the next day for a scan
Walk-in was ok, but I had no idea how long it would be so I couldn't plan picking up the kids
Good treatment but the waiting room had no water and nowhere to charge my phone
## utc pos child
The walk-in saw my little boy within the hour for his ear infection, much better than A&E
## utc neg child
We took our daughter to the walk-in and they said they don't see under 2s. Nobody told us that before
## utc pos leeds
St George's in Middleton was great, seen quickly and the staff were lovely
## utc pos wakefield
Pontefract urgent treatment centre was quick and friendly, much less stressful than going to Pinderfields
## utc pos pontefract
{self} Pontefract urgent treatment centre was really quick, in and out in an hour with my sprained ankle
## utc neg keighley
Had to go all the way to Airedale because there's nothing else near us open at night
## ooh neg
Out of hours doctor was 40 minutes drive away and we don't have a car
The out of hours GP rang back but just told me to go to A&E, so why the wait
{self} Out of hours only had phone appointments, I needed someone to look at my leg
Waited 5 hours for the out of hours doctor to ring back, then they couldn't prescribe what I needed
{self} The out of hours service didn't have my notes so I had to explain my whole history while feeling terrible
## ooh pos
{other} The out of hours GP saw us at 10pm at the health centre and was brilliant with my mum
Out of hours doctor rang back quickly and sent a prescription to a late night chemist near me
{other} A doctor came out to the house for my dad at night, I didn't know they still did that. So grateful
Out of hours GP was quick to call back and really kind, he didn't rush me at all
Seen at the out of hours centre within an hour of 111 booking it, very efficient
{other} The out of hours nurse sorted my mum's pain relief at the care home overnight. We were so relieved
## ooh mixed
{child} Out of hours was helpful but I had to drive 30 minutes to get there with a poorly child
""")

UC_BETTER = Pool("wy-urgent-care/better", r"""
Being told how long the wait would be
Knowing which service to go to in the first place. It's so confusing
Staff having time to explain things
Better communication between services, so you don't tell your story 5 times
{visit} Someone checking on you while you wait
Information in other languages and interpreters at the desk
Honestly, the biggest thing would have been somebody telling us what was going on. Even a board with the wait time on it. We sat there for hours not knowing if we'd been forgotten, and every time I asked at the desk I was told 'you're in the system'
Being able to see someone without going through 3 different phone calls first. By the time I got to the person who could help I'd explained my symptoms 4 times and was exhausted
If my GP had been able to see me earlier I'd never have needed urgent care at all
A follow up phone call the next day to check I was ok, I was still worried when I got home
{self visit} Not being discharged in the middle of the night when you're old and live on your own
{self visit} Some acknowledgement of my disability. I use a wheelchair and there was nowhere to wait that fitted it
Better advice on what to do before going, I didn't know the pharmacy could have helped
{other visit} Somewhere to plug in my mum's oxygen while we waited, we were watching the tank go down
{visit} Clean toilets and water you can get to
{visit} A clear sign of what to do if you get worse while waiting
Fewer handoffs between services
More staff. Everyone was run off their feet
Being treated as a person, not a number
Better signposting for mental health, A&E isn't the place for it
{visit} Hearing loop at reception, I couldn't hear my name being called
{visit} Proper help getting home when it's the middle of the night
Not being made to feel like you're wasting their time
One phone number that actually gets you to the right place
Easy read info for people with learning disabilities
More GP appointments so people don't end up in urgent care
{visit} A quieter space for autistic people and people with dementia
Better transport links, I can't drive and buses stop early
{visit} Being able to see your place in the queue on a screen
Written advice when you leave so you remember what they said
Honestly nothing, it was fine
Faster pain relief, I was in agony
Someone to talk to about what happens next
Staff who speak some community languages
Mental health crisis support that isn't A&E
Having the GP records available so they know my history
{visit} Food and drink available at night
## 111
Shorter waits on hold to 111
A call back time you can rely on, not 'within 6 hours'
111 staff who can give advice, not just read from a script
Being able to speak to a nurse or doctor first time
Fewer questions on 111 when it's obviously urgent
111 knowing what's actually open near you
A text to say where you are in the call back queue
111 online that works for people with more than one condition
Better advice from 111, not just 'go to A&E' to be on the safe side
Being put straight through to a GP for repeat prescriptions instead of the whole triage
{child} A way to check where you are in the 111 queue and how long is left, so you can decide whether to give up and go somewhere else. An hour of hold music when your child is poorly is torture
111 being able to book a GP appointment for the next morning, not just tell you to ring at 8
## ae
More seats in A&E and somewhere warm to wait
Separate waiting area for children
Separate waiting for people who are frail or have dementia
A screen in A&E that shows the wait times, updated
Water and a hot drink while you wait, especially for older people
Pain relief given at triage, not hours later
Security in the waiting room at night, I didn't feel safe
More beds on the wards so people aren't stuck in corridors
Somewhere private to be when you've had bad news
Regular updates, even if it's just 'sorry, still waiting'
Let relatives stay with vulnerable patients
More doctors on at night
Better triage so the seriously ill are seen first and everyone knows that's why
Free parking for A&E patients
Phone chargers in A&E, mine died and I couldn't tell my family where I was
Someone coming round every hour or so to check on people in the waiting room. A man near us was getting worse and nobody noticed until his wife shouted for help
A separate area for people with mental health problems, away from the drunk and the aggressive
Let people wait at home and text them when it's their turn
## utc
Walk-in centres open later, they close when people need them most
Being able to book a time at the walk-in
An X ray at every walk-in centre
Tell people before they travel if the walk-in is full
A walk-in nearer to where I live
Walk-in centres that see babies and small children
## ooh
Out of hours appointments closer to home
An out of hours doctor who's seen your notes
Home visits for people who can't travel at night
Quicker call backs from out of hours
## child
Staff trained to work with children, my son was terrified
Advice for parents on when to go where, before you're panicking at midnight
Quicker triage for babies
## ae leeds
Parking at the LGI and Jimmy's that doesn't cost a fortune when you're there all night
## ae wakefield
A bus that goes to Pinderfields at night
## ae bradford
Proper parking at BRI
## ae halifax
Stop moving services between Halifax and Huddersfield, we never know where to go
## ae huddersfield
Keep A&E at HRI properly staffed, it's miles to anywhere else
## pos
Nothing. It was great
Nothing, they were brilliant
Can't think of anything, it was quick and the staff were lovely
Just keep doing what you're doing
Maybe a bit more seating, but otherwise perfect
Honestly nothing, thank you to all of them
A cup of tea would have been nice, but I'm being picky
Nothing to improve for me, I know not everyone gets that
Better signs to find the department, but the care was spot on
A bit quicker, but no complaints really
""")


def wy_urgent_care_survey(rng: random.Random):
    name = "west-yorkshire-urgent-care-2025"
    n = 720
    q_link = "Survey link"
    q_place = "Where do you live?"
    q_service = "Which urgent care service did you use most recently?"
    q_when = "When was this?"
    q_who = "Who was the care for?"
    q_rate = "Overall, how would you rate your experience?"
    q_story = "Please tell us about your experience. What happened?"
    q_better = "What one thing would have made your experience better?"
    q_age = "Age group"
    q_gender = "Which of the following best describes your gender?"
    q_sex = "Which of the following best describes your sexual orientation?"
    q_eth = "What is your ethnic group? Choose one option that best describes your ethnic group or background"
    q_dis = "Do you have a physical or mental health condition or illness that limits your day-to-day activities?"
    header = ["Response ID", "Start time", "Completion time", "IP Address", q_link, q_place,
              q_service, q_when, q_who, q_rate, q_story, q_better, q_age, q_gender, q_sex,
              q_eth, q_dis]

    places = {"Leeds": 30, "Bradford": 20, "Halifax": 9, "Huddersfield": 13, "Wakefield": 16,
              "Keighley": 4, "Dewsbury": 4, "Pontefract": 3, "": 1}
    services = {"NHS 111 by phone": 25, "NHS 111 online": 7, "A&E": 38,
                "Urgent treatment centre or walk-in centre": 22, "GP out of hours": 8}
    service_tags = {"NHS 111 by phone": {"111", "phone"}, "NHS 111 online": {"111", "online"},
                    "A&E": {"ae"}, "Urgent treatment centre or walk-in centre": {"utc"},
                    "GP out of hours": {"ooh"}}
    ratings_by_service = {
        "ae": {"Very good": 14, "Good": 22, "Neither good nor poor": 16, "Poor": 24,
               "Very poor": 24},
        "111": {"Very good": 18, "Good": 24, "Neither good nor poor": 14, "Poor": 22,
                "Very poor": 22},
        "utc": {"Very good": 24, "Good": 30, "Neither good nor poor": 14, "Poor": 17,
                "Very poor": 15},
        "ooh": {"Very good": 22, "Good": 28, "Neither good nor poor": 14, "Poor": 18,
                "Very poor": 18},
    }
    sentiment = {"Very good": "pos", "Good": "pos", "Neither good nor poor": "mixed",
                 "Poor": "neg", "Very poor": "neg"}
    who = {"Myself": 58, "My child": 20, "Someone I care for": 12, "Someone else": 10}
    who_tag = {"Myself": "self", "My child": "child", "Someone I care for": "other",
               "Someone else": "other"}
    links = {"ICB website": 30, "Facebook": 28, "QR code poster in waiting room": 18,
             "Text message from GP practice": 16, "Community researcher (tablet)": 8}
    when = {"In the last week": 22, "In the last month": 38, "1 to 3 months ago": 28,
            "More than 3 months ago": 12}
    ages = {"Under 16": 1, "16-17": 2, "18-24": 8, "25-34": 17, "35-44": 19, "45-54": 16,
            "55-64": 15, "65-74": 12, "75-84": 6, "85+": 1, "Prefer not to say": 3}
    gender = {"Woman (including trans woman)": 60, "Man (including trans man)": 35,
              "Non-binary": 1.5, "Prefer not to say": 3.5}
    sexual = {"Straight or heterosexual": 82, "Gay or lesbian": 3, "Bisexual": 3,
              "All other sexual orientations": 1, "Prefer not to say": 11}
    eth_white = {"White – English, Welsh, Scottish, Northern Irish or British": 100,
                 "White – Irish": 2, "White – Any other White background": 6}
    eth_asian = {"Asian, Asian British or Asian Welsh – Pakistani": 60,
                 "Asian, Asian British or Asian Welsh – Indian": 25,
                 "Asian, Asian British or Asian Welsh – Bangladeshi": 10,
                 "Asian, Asian British or Asian Welsh – Chinese": 5}
    eth_other = {"Black, Black British, Black Welsh, Caribbean or African – African": 40,
                 "Black, Black British, Black Welsh, Caribbean or African – Caribbean": 25,
                 "Mixed or Multiple ethnic groups – White and Black Caribbean": 15,
                 "Mixed or Multiple ethnic groups – White and Asian": 10,
                 "Other ethnic group – Arab": 5, "Other ethnic group – Any other ethnic group": 5}
    asian_share = {"Leeds": 0.10, "Bradford": 0.32, "Halifax": 0.12, "Huddersfield": 0.17,
                   "Wakefield": 0.04, "Keighley": 0.2, "Dewsbury": 0.3, "Pontefract": 0.02,
                   "": 0.1}
    disab = {"Yes, limited a lot": 14, "Yes, limited a little": 20, "No": 60,
             "Prefer not to say": 6}

    non_answers = ["n/a", "N/A", "none", "None", "no comment", "-", "nothing to add",
                   "Nothing to add", "did not answer", "Not sure", "na", "nothing further"]
    style = Style(prefixes=("Honestly, ", "To be honest ", "Where to start. ", "Well ",
                            "In short, "),
                  suffixes=("Thank you.", "Not acceptable.", "Thanks to the staff.",
                            "Thats all."),
                  apostrophe=0.18)
    story = FreeText(rng, UC_STORY, blank=0.07, nonans=0.04, non_answers=non_answers,
                     style=style, join_p=0.22)
    better = FreeText(rng, UC_BETTER, blank=0.12, nonans=0.08, non_answers=non_answers,
                      style=style, join_p=0.15)

    done = moments(rng, n, dt.date(2025, 1, 6), dt.date(2025, 3, 31))
    ids = rng.sample(range(100_000, 999_999), n)
    rows = []
    for i, end in enumerate(done):
        start = end - dt.timedelta(seconds=rng.randrange(150, 1800))
        place = wchoice(rng, places)
        service = wchoice(rng, services)
        stags = service_tags[service]
        key = next(iter(stags & {"ae", "111", "utc", "ooh"}))
        rating = wchoice(rng, ratings_by_service[key])
        w = wchoice(rng, who)
        tags = set(stags | {sentiment[rating], who_tag[w], place.lower() or "unknown"})
        if key != "111":
            tags.add("visit")  # answers about waiting rooms fit A&E, walk-in, out of hours
        tags = frozenset(tags)
        story_text = story.answer(tags)
        a = rng.random()
        eth = ("Prefer not to say" if a < 0.04 else
               wchoice(rng, eth_asian) if a < 0.04 + asian_share[place] else
               wchoice(rng, eth_other) if a < 0.12 + asian_share[place] else
               wchoice(rng, eth_white))
        rows.append({
            "Response ID": f"R{ids[i]}",
            "Start time": start.strftime("%d/%m/%Y %H:%M:%S"),
            "Completion time": end.strftime("%d/%m/%Y %H:%M:%S"),
            "IP Address": fake_ip(rng), q_link: wchoice(rng, links),
            q_place: place, q_service: service, q_when: wchoice(rng, when), q_who: w,
            q_rate: rating, q_story: story_text, q_better: better.answer(tags),
            q_age: wchoice(rng, ages), q_gender: wchoice(rng, gender),
            q_sex: wchoice(rng, sexual), q_eth: eth, q_dis: wchoice(rng, disab),
        })

    eth_values = {k: "White British" if "British" in k and k.startswith("White") else
                  "White other" for k in eth_white}
    eth_values.update({k: "Asian or Asian British" for k in eth_asian})
    eth_values.update({k: ("Black or Black British" if k.startswith("Black") else
                           "Mixed or multiple" if k.startswith("Mixed") else
                           "Other ethnic group") for k in eth_other})
    mapping = Mapping(
        comment=("Mapping for west-yorkshire-urgent-care-2025.csv (online survey export; "
                 "the place column is resolved through the gazetteer).\nFictional sample "
                 "data made by scripts/make_sample_surveys.py."),
        source={"title": "Urgent care in West Yorkshire: 111, A&E and walk-in services 2025",
                "organisation": "West Yorkshire ICB", "kind": "survey", "method": "survey",
                "participation": "consult", "visibility": "public",
                "url": "https://example.org/west-yorkshire-icb/urgent-care-survey-2025"},
        defaults={"places": ["West Yorkshire"], "segments": [],
                  "themes": ["Access/Urgent and emergency care"], "communities": []},
        record_id="Response ID", date="Completion time", date_format="%d/%m/%Y %H:%M:%S",
        free_text=[q_story, q_better],
        places=[q_place],
        attributes=[q_link, q_service, q_when, q_who, q_rate],
        ignore=["Start time", "IP Address"],
        equality={q_age: "Age band", q_gender: "Gender", q_sex: "Sexual orientation",
                  q_eth: "Ethnicity", q_dis: "Disability"},
        values={
            q_age: {"Under 16": "Under 18", "16-17": "Under 18"},
            q_gender: {"Woman (including trans woman)": "Woman",
                       "Man (including trans man)": "Man"},
            q_sex: {"Straight or heterosexual": "Heterosexual",
                    "All other sexual orientations": "Other"},
            q_eth: eth_values,
            q_dis: {"Yes, limited a lot": "Yes", "Yes, limited a little": "Yes"},
        },
        non_answers=extra_non_answers(non_answers),
        declined=["Prefer not to say"],
    )
    csv_opts = {"bom": False, "quoting": csv.QUOTE_MINIMAL, "lineterminator": "\r\n"}
    return name, header, rows, mapping, csv_opts


# ==========================================================================

SURVEYS = [carers_survey, bradford_yp_survey, kirklees_gp_survey, wakefield_col_survey,
           calderdale_maternity_survey, wy_urgent_care_survey]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT,
                    help="output folder (default: corpus/surveys)")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for make in SURVEYS:
        rng = random.Random(f"{SEED}/{make.__name__}")
        name, header, rows, mapping, csv_opts = make(rng)
        check(mapping, header, rows)
        write_csv(args.out / f"{name}.csv", header, rows, **csv_opts)
        (args.out / f"{name}.mapping.toml").write_text(render_mapping(mapping),
                                                       encoding="utf-8", newline="\n")
        print(f"{name}: {len(rows)} rows")


if __name__ == "__main__":
    main()
