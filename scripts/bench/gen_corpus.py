#!/usr/bin/env python3
"""Generate a synthetic, deterministic benchmark corpus for the insight bank.

    python3 scripts/bench/gen_corpus.py --passages N --out DIR [--seed 42]
        [--taxonomy corpus/taxonomy.toml] [--vocab 40000] [--zipf 1.0] [--force]

N may be written 10000, 10k, 1M or 10M. The corpus has exactly N passages as the
engine counts them (`insight ingest` reports `passages_written` = N):

* survey answers (70%): `surveys/NNNN/*.csv` plus `*.mapping.toml`, 500-5000 rows per
  export, a record id and a date column, 3-6 free-text columns; only non-empty answers
  that are not non-answers ("n/a", "none", "-", ...) are passages, and the generator
  counts exactly those;
* report sections (20%): `reports/NNNN/*.md`, YAML front matter, 5-15 `##` sections of
  1-3 KB of prose each (one passage per section);
* workshop notes (10%): `notes/NNNN/*.md` (front matter) or `*.txt` (`Key: value`
  header), 10-40 points (one passage per bullet point, plus the introductory paragraph
  when there is one).

The split is by passage count: round(0.7 N), round(0.2 N), the rest. At most 1,000 files
per sub-folder. The taxonomy is copied to DIR/taxonomy.toml; the per-kind breakdown is
printed and written to DIR/.corpus.json (hidden, because the engine lists every file it
cannot read, such as a visible corpus.json, as skipped with an error and exit code 2;
hidden files are not sources).

Text: words are drawn from a vocabulary of --vocab word types with Zipf frequencies
(p(rank r) ~ 1 / r^s, s = --zipf; drawn through a 4M-entry inverse-CDF table): about
1,750 common English and health and care words written below take the top ranks; the
words of the taxonomy's labels, synonyms and phrases (and the written words that would
alone trigger a tag, such as "children" or "bus") are scattered over ranks ~1,750 to
--vocab/2; synthetic pseudo-words and names fill the long tail. Whole taxonomy labels,
synonyms and phrases of a document's stated themes, segments and communities (and, less
often, any others) are sprinkled into its text so that tags are also inferred; metadata
uses taxonomy places (districts and wards), themes, segments and communities, by full
path or by unambiguous label. The text is word salad with sentence punctuation: right
for index size, term statistics and query costs, not for reading.

Deterministic: every document has its own random.Random seeded with a string made of
the seed, its kind and its number, so the same seed and N give byte-identical files.
Streaming: each file is written as it is made (survey rows one by one); memory does not
grow with N. Standard library only (Python 3.11+).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import os
import re
import shutil
import sys
import time
import tomllib
from itertools import accumulate
from pathlib import Path
from random import Random

GENERATOR = "scripts/bench/gen_corpus.py v1"
ROOT = Path(__file__).resolve().parents[2]
MIX = (0.70, 0.20, 0.10)  # survey answers, report sections, note points
FILES_PER_DIR = 1000
ZIPF_TABLE_SIZE = 1 << 22  # inverse-CDF lookup table for fast Zipf draws

# --------------------------------------------------------------------------------------
# Word lists (written for this generator). Roughly in order of frequency in what people
# write in surveys and reports about health and care; the order is the Zipf rank.
# --------------------------------------------------------------------------------------

CORE_WORDS = """
the and to I a of was it in my that for is we with not on they me but be have had you at
he she this so no were are as there all do from would very her his or get an been if when
what them one just out about our can more up told time by got said did could like some
because appointment people GP know only go which will their us then after back than day
who any other how really care never even also felt staff going make see still help much
has into over two hospital doctor first need good want think didn't don't can't it's I'm
weeks home again way before long better where being went come things nothing someone
every should took made same wait waiting year years feel last well lot three while here
why too own let around those each next through find different little most many anyone
left always week days put done tried thing since until phone call called asked new often
hard sure lots something night morning service services support nurse ward mum dad son
daughter husband wife family friend friends life work money bit able without quite
enough few however less already both between under though although whether either
within during against towards across behind along almost later soon once twice four five
six ten hours minutes months month today yesterday tomorrow now then ever yet also ok
okay yes thanks thank please sorry lovely great excellent poor awful terrible fine kind
helpful busy rushed difficult easy easier harder worse best worst real proper whole half
full empty open closed free own local nearby far near away another such must might may
shall cannot won't wasn't weren't couldn't wouldn't shouldn't isn't aren't haven't hasn't
hadn't doesn't I've I'd I'll we've we'd they're they've you're there's that's what's
let's talk talked talking tell telling say saying saw seen look looked looking looks
give gave given giving take taking keep kept keeping leave leaving stay stayed stop
stopped start started starting try trying use used using understand understood explain
explained listen listened listening ask asking answer answered ring rang rung wrote write
letter letters text message messages email online form forms number line queue hold
person someone everyone nobody anybody somebody everything anything nowhere somewhere
everywhere whenever however probably maybe perhaps definitely actually especially
usually sometimes always often rarely finally eventually suddenly immediately quickly
slowly early late right wrong true important possible impossible clear unclear worried
worry scared frightened anxious upset angry frustrated confused happy pleased grateful
relieved tired exhausted alone together
""".split()

HEALTH_WORDS = """
appointments doctors nurses hospitals surgery practice receptionist reception clinic
clinics consultant consultants specialist specialists referral referred refer test tests
results result scan scans blood bloods treatment treatments diagnosis diagnosed symptoms
symptom pain condition conditions illness ill sick unwell health healthcare NHS patient
patients medication medicine medicines tablets prescription prescriptions pharmacy
pharmacist chemist dose doses repeat review reviews checkup check checks operation
surgery operations waiting list lists delay delays delayed cancelled cancellation
rearranged rebooked booking booked book slot slots triage callback call-back discharge
discharged admitted admission bed beds ward wards theatre outpatient outpatients
inpatient emergency urgent ambulance paramedics physio physiotherapy therapy therapist
counselling counsellor psychologist psychiatrist social worker workers carer carers
caring cared support worker team teams manager managers midwife health visitor
pharmacy dentist optician hearing eyesight mobility walking stick frame wheelchair
equipment adaptations rail rails commode bathroom shower stairs lift ramp transport
bus taxi lift parking car park ticket fares travel journey miles distance rural
village town city estate neighbourhood community centre library church mosque
gurdwara temple school college nursery job jobs employer benefits income rent bills
food heating electricity gas housing landlord council flat house bungalow hostel
interpreter language English translated leaflet leaflets information advice website
app portal login password smartphone tablet computer internet wifi signal video
telephone landline voicemail receptionists administration admin paperwork letters
records notes history consent choice choices options decision decisions plan plans
planning assessment assessments needs package packages visits visit visiting visited
respite break breaks sitting service day centre group groups club activities
volunteer volunteers charity charities trust trusts board boards commissioners
partnership partnerships programme programmes pilot project projects funding funded
budget budgets cuts staffing shortage shortages recruitment agency locum locums
vacancies pressure pressures demand capacity winter backlog targets standards quality
safety safe unsafe risk risks harm incident incidents complaint complaints feedback
survey surveys questionnaire interview interviews focus workshop workshops event events
engagement consultation involvement coproduction residents citizens public members
respondents participants themes findings recommendations actions priorities outcomes
experience experiences journey journeys pathway pathways access accessible barriers
barrier inequalities inequality equity fairness fair unfair discrimination respect
dignity compassion empathy trust confidence communication communicate informed involved
listened heard valued ignored dismissed judged believed rushed caring kindness patience
professional professionals clinician clinicians GPs registrar pharmacist's surgery's
diabetes asthma heart lungs kidney liver cancer stroke dementia arthritis back knee hip
hips knees shoulder chest breathing cough infection infections virus covid flu vaccine
vaccines jab jabs injection injections insulin inhaler dressing dressings wound wounds
stitches bandage fracture broken fall falls fell dizzy dizziness headache migraine
sleep sleeping stress stressed depression anxiety mood panic breakdown crisis suicidal
self-harm wellbeing mental physical emotional spiritual cultural religious faith halal
diet weight exercise smoking drinking alcohol drugs recovery rehab rehabilitation
hospice palliative dying death died bereaved grief funeral baby babies pregnancy
pregnant birth labour newborn breastfeeding toddler child children kids teenager
teenagers pupils students elderly older younger age aged pension pensioner retired
disabled disability deaf blind autism autistic ADHD learning dyslexia carer's
family's mum's dad's parents parent grandparents grandchildren neighbours neighbour
colleagues boss shift shifts overtime unemployed furlough redundancy poverty debt
struggling afford expensive cheap cost costs price prices charge charges paying paid
pay wages savings fuel energy cold warm damp mould repairs overcrowded homeless
temporary accommodation asylum refugee refugees migrants visa status documents
passport registration register registered unregistered postcode address moved moving
area areas district wards localities locality place places county region regional
national nationally locally primary secondary community-based integrated joined-up
neighbourhood team multidisciplinary MDT handover referral-to-treatment eConsult
e-consult NHS111 111 999 A&E UTC walk-in minor injuries unit x-ray xray MRI CT
ultrasound ECG biopsy endoscopy colonoscopy mammogram smear screening screenings
""".split()

GENERAL_WORDS = """
also actually able above accept accepted according account across act action active add
added adding address afraid afternoon age agree agreed ahead air allow allowed almost
along already although amount angry animal annoyed answer apart apparently appear
approach area argue arm arrange arranged arrive arrived article aside attend attended
attention attitude available avoid aware awake bag balance bank base basic bath beat
beautiful became become becoming bedroom began begin beginning behaviour believe belong
below benefit besides beyond big bigger birthday black blame blue board body bought
bottom box brain bread breakfast bring bringing brother brought brown build building
built burden bus business buy buying cake calm came card career carry case cash catch
caught cause caused ceiling certain certainly chair chance change changed changes
changing charge cheaper check chose church class clean clear clearly clever close
closer clothes coat coffee collect collected colour comfortable coming comment
comments common company complete completely concern concerned concerns confident
consider considered contact continue continued control conversation cook cooking
corner corridor couple course court cover covered crazy cried cry cup current
currently cut cutting damage dark date daughter's dead deal dealing dealt dear decide
decided deep degree depend depends describe desk detail details develop died
difference difficulty dinner direct directly dirty discuss discussed distance door
double doubt down downstairs dream dress drink drive driven driver drop dropped dry due
easily eat eating edge effect effort eight else end ended energy enjoy enjoyed entire
entirely especially evening event events exactly example except expect expected
explain extra eye eyes face fact fail failed fairly fall family's famous fast father
fault favourite fear feeling feelings fell fellow felt field fight figure fill filled
final finally finding finish finished fire fit fixed floor follow followed following
forget forgot forgotten form forward found four fresh friday front fully fun future
game garden gate general generally gentle gets getting gift glad glass goes gone
gotten grand green ground grow growing guess guy hair hall hand handed hands happen
happened happening happens hate head heard heart heavy held hello helped helping
helps high higher hit holiday honest honestly hope hoped hoping horrible hot hour
house huge human hundred hurt idea ideas imagine improve improved improvement include
included including increase indeed inside instead interest interested interesting
issue issues item join joined joke journey judge jump keen key kitchen knew knock
knowing known lack land language large largest late later laugh law lay lead learn
learned learnt least led legs lesson level lie light likely limited listen lived lives
living lock lonely longer lose losing loss lost loud love loved low lower luck lucky
lunch main mainly major manage managed manner mark market matter matters meal mean
meaning means meant meet meeting meetings member memory mention mentioned middle mind
minute miss missed missing mistake moment monday mood mother move moved movement
mostly music name named natural nearly necessary neck nervous news nice nine noise
normal normally note noticed number numbers obviously offer offered office officer
oh older ones onto opened opinion order ordered ordinary organised original others
otherwise outside paper parents part particular particularly party pass passed past
path pattern pay peace perfect perhaps period personal personally pick picked picture
piece plain play played pleasant plenty point pointless points police polite position
positive possibly post pound pounds power practical prefer prepared present pretty
prevent previous private problem problems process proper properly protect proud
provide provided pull pushed question questions quick quiet quite race rain raise
raised ran range rang rather reach reached read reading ready realise realised reason
reasons receive received recent recently recommend red reduce regular relationship
remember remembered remind repeat repeated reply report reported request required
rest return returned rid ride ring rise road rock role room round rule rules run
running sad sadly safe safely same sat saturday save saved saving school's score sea
seat second seconds seem seemed seems sell send sense sent separate serious seriously
set settle seven several shame share shared sharp shocked shop shopping short shortly
shot shout show showed shown shut side sign signed silly simple simply single sister
sit sitting situation size skin sleep slightly small smaller smile smoke social sold
solution somehow son's song sort sorted sound sounds space speak speaking special
spend spending spent spoke spoken sport spot spring stage stand standing stayed
step steps stick stood store story straight strange street strong stuck study stuff
stupid subject success successful suddenly suggest suggested summer sunday supposed
surprised sweet system table taken talks tall task taste tea teach team's tear teeth
television ten terrible test thank thanks themselves therefore thinking third thought
thoughts thousand threw throughout throw thursday tidy till tiny title today's toilet
top total totally touch tough towards town trip trouble truly trust truth tuesday turn
turned turns type typical ugly unable uncle unless unlikely upon upset upstairs useful
useless usual value various view views voice wait wake walk walked walking wall wants
war warm warning wash watch watched water weather wednesday weekend weird welcome went
west whatever wide wife's wild win window winter wish woke woman wonder wonderful
wondering word words worked working world worried worth write writing written wrote
yard yeah yellow young yourself
""".split()

FIRST_NAMES = """
Amira Aisha Fatima Zainab Mariam Priya Anjali Sana Hannah Sophie Emma Olivia Grace
Chloe Jade Megan Lauren Rebecca Sarah Claire Joanne Karen Julie Susan Margaret Jean
Pauline Brenda Irene Doreen Agnieszka Ioana Elena Natalia Olena Amina Hodan Blessing
Chioma Abena Mohammed Ahmed Imran Bilal Hamza Usman Tariq Arjun Ravi Sunil Daniel James
Thomas Jack Ryan Liam Connor Lewis Callum Mark Paul Steven Gary Darren Andrew David
Michael John Peter Brian Keith Derek Roy Tomasz Piotr Marius Andrei Oleksandr Kwame
Emmanuel Tendai
""".split()

# Non-answers as people type them; each is in the engine's NON_ANSWERS list (or in the
# mapping's [options] non_answers) once trimmed, lowercased and stripped of trailing "."
NON_ANSWER_TEXTS = [
    "n/a", "N/A", "N/a", "NA", "none", "None", "None.", "no comment", "No comment",
    "No comments", "-", "--", "nothing", "Nothing", "Nothing to add", "nothing else",
    "Not applicable", "not sure", "Not sure", "don't know", "Don't know", "dont know",
    "idk", "nil", "Nil", "?", ".", "...", "x", "N/A.", "none!",
]
ENGINE_NON_ANSWERS = {
    "n/a", "na", "n.a", "none", "nil", "no comment", "no comments", "did not answer",
    "not answered", "-", "--", "nothing", "nothing to add", "nothing else",
    "not applicable", "no answer", "none given", "prefer not to say", "not sure",
    "dont know", "don't know", "idk", "?", ".", "x",
}
MAPPING_NON_ANSWERS = ["see above", "as above", "same as above"]

ORGANISATIONS = {
    "Leeds": [
        "Healthwatch Leeds", "Leeds Teaching Hospitals NHS Trust", "Leeds Community Healthcare NHS Trust",
        "Leeds and York Partnership NHS Foundation Trust", "Leeds City Council", "Leeds Health and Care Partnership",
        "Carers Leeds", "Age UK Leeds", "Forum Central", "Voluntary Action Leeds",
    ],
    "Bradford District and Craven": [
        "Healthwatch Bradford and District", "Bradford Teaching Hospitals NHS Foundation Trust",
        "Bradford District Care NHS Foundation Trust", "Airedale NHS Foundation Trust",
        "City of Bradford Metropolitan District Council", "Bradford District and Craven Health and Care Partnership",
        "Carers' Resource", "Community Action Bradford and District",
    ],
    "Calderdale": [
        "Healthwatch Calderdale", "Calderdale and Huddersfield NHS Foundation Trust", "Calderdale Council",
        "Calderdale Cares Partnership", "Voluntary Action Calderdale", "Calderdale Carers Project",
    ],
    "Kirklees": [
        "Healthwatch Kirklees", "Kirklees Council", "Locala Health and Wellbeing",
        "South West Yorkshire Partnership NHS Foundation Trust", "Kirklees Health and Care Partnership",
        "Third Sector Leaders Kirklees", "Carers Count",
    ],
    "Wakefield": [
        "Healthwatch Wakefield", "Mid Yorkshire Teaching NHS Trust", "Wakefield Council",
        "Wakefield District Health and Care Partnership", "Nova Wakefield District", "Carers Wakefield",
    ],
    "West Yorkshire": [
        "West Yorkshire ICB", "West Yorkshire Health and Care Partnership", "Yorkshire Ambulance Service",
        "West Yorkshire Association of Acute Trusts", "Healthwatch West Yorkshire network",
    ],
}
ORG_SUFFIXES = [
    "Community Association", "Women's Group", "Carers Group", "Community Trust", "Youth Project",
    "Befriending Service", "Health Forum", "Residents' Association", "Mutual Aid", "Men's Shed",
    "Community Centre", "Advice Centre", "Support Network", "Wellbeing Hub", "Mums Together",
]

REPORT_TITLES = [
    "{theme}: what people in {place} told us",
    "Listening to {community} in {place} about {theme_lower}",
    "{place} {theme_lower} engagement report {year}",
    "What matters to {community}: {theme_lower} in {place}",
    "Experiences of {theme_lower} in {place}",
    "Hearing from {community} about {segment_lower}",
    "{segment} services in {place}: engagement findings {year}",
    "Your views on {theme_lower}: {place} {year}",
]
GENERIC_SECTIONS = [
    "Summary", "Background", "Why we did this work", "How we listened", "Who we heard from",
    "What we asked", "What people told us", "What works well", "What could be better",
    "What people would change", "Stories we heard", "Equality and diversity",
    "Limitations of this work", "Conclusions", "Recommendations", "What happens next",
    "Response from the provider", "Thank you", "About us", "Methods in detail",
    "Context and national picture", "Key messages", "Case studies", "Gaps in what we heard",
]
TOPIC_SECTIONS = [
    "{x}", "Views on {x_lower}", "{x}: what we heard", "Experiences of {x_lower}",
    "{x} and the people we spoke to", "Improving {x_lower}",
]
QUESTIONS = [
    "Please tell us about your experience of {x_lower}. What happened?",
    "What, if anything, could be done better about {x_lower}?",
    "What has helped you most?",
    "What one thing would make the biggest difference to you?",
    "Tell us about the last time you needed help. How did it go?",
    "What gets in the way of you getting the care you need?",
    "How did staff treat you?",
    "Is there anything else you would like to tell us?",
    "If you could change one thing about {x_lower}, what would it be?",
    "What worked well for you and your family?",
    "How has this affected your health and wellbeing?",
    "Please explain your rating",
]
NOTE_QUESTIONS = [
    "What is working well for you at the moment?",
    "What gets in the way?",
    "Tell us about the last time you used {x_lower}",
    "What would make {x_lower} better?",
    "Who do you go to for help?",
    "What information did you get, and what did you want?",
    "How were you treated?",
    "What should the partnership do first?",
]
NOTE_GROUPS = [
    "older residents", "parents", "carers", "young people", "Urdu speakers", "Romanian speakers",
    "men's group", "women's group", "people with learning disabilities", "staff and volunteers",
]
ATTRIBUTE_QUESTIONS = [
    ("Overall, how would you rate your experience?",
     ["Very good", "Good", "Neither good nor poor", "Poor", "Very poor", "Don't know"]),
    ("How did you hear about this survey?",
     ["Social media", "GP practice", "Friend or family", "Community group", "Email", "Poster", "Other"]),
    ("Who are you answering for?",
     ["Myself", "Someone I care for", "My child", "A friend or relative", "On behalf of an organisation"]),
    ("When did you last use this service?",
     ["In the last month", "1 to 3 months ago", "3 to 6 months ago", "6 to 12 months ago", "Over a year ago"]),
    ("How did you contact the service?",
     ["By phone", "Online", "In person", "Through the NHS App", "Someone did it for me"]),
    ("Do you look after, or give any help or support to, someone because of their health or age?",
     ["Yes", "No", "Prefer not to say"]),
]
EQUALITY_QUESTIONS = {
    "Age band": ["What is your age?", "Age group", "How old are you?"],
    "Gender": ["What is your gender?", "Which of the following best describes your gender?"],
    "Ethnicity": ["What is your ethnic group?", "Ethnic background"],
    "Disability": ["Do you consider yourself to be disabled?",
                   "Do you have a long-term health condition or disability?"],
    "Sexual orientation": ["Which of the following best describes your sexual orientation?"],
    "Deprivation decile": ["IMD decile (derived from postcode by the research team)"],
}
# rough shares of answers to equality questions (child label -> weight; others 4)
EQUALITY_WEIGHTS = {
    "Under 18": 3, "18-24": 8, "25-34": 15, "35-44": 17, "45-54": 17, "55-64": 16, "65-74": 13,
    "75-84": 8, "85+": 3, "White British": 70, "White other": 7, "Asian or Asian British": 14,
    "Black or Black British": 4, "Mixed or multiple": 3, "Other ethnic group": 2, "Yes": 30, "No": 70,
    "Heterosexual": 85, "Gay or lesbian": 5, "Bisexual": 5, "Other": 3, "Woman": 62, "Man": 36,
    "Non-binary": 2, "1": 16, "2": 14, "3": 12, "4": 10, "5": 9, "6": 9, "7": 8, "8": 8, "9": 7, "10": 7,
}
SURVEY_TOOLS = [
    # record id column, start, end, date format, delimiter, bom, quote all
    ("Response ID", "Start time", "Completion time", "%d/%m/%Y %H:%M", ",", False, False),
    ("ID", "Start time", "Completion time", "%d/%m/%Y %H:%M:%S", ",", False, True),
    ("UserNo", "Started", "Ended", "%d/%m/%Y %H:%M:%S", ",", True, True),
    ("Response ID", "Started on", "Submitted on", "%Y-%m-%dT%H:%M:%S", ",", False, False),
    ("Form ref", "Entered on", "Date received", "%d/%m/%Y", ";", False, False),
    ("RespondentID", "StartDate", "EndDate", "%Y-%m-%d %H:%M:%S", "tab", True, False),
]
STEMS = ["ing", "ed", "s", "er", "ly", "ness", "ment", "ion", "ful", "al", "y", "es"]
NAME_ENDS = ["ton", "ley", "field", "by", "thorpe", "wood", "worth", "ham", "dale", "well", "croft"]
ONSETS = ["b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "y",
          "b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "w",
          "br", "ch", "cl", "dr", "fl", "gr", "pl", "pr", "sh", "sl", "sp", "st", "th", "tr", "wh"]
VOWELS = ["a", "e", "i", "o", "u", "a", "e", "i", "o", "a", "e", "ai", "ea", "ee", "ou", "oo", "ie"]
CODAS = ["", "", "", "", "", "n", "r", "l", "s", "t", "m", "n", "r", "nd", "st", "ck", "ng", "rt", "x"]


# --------------------------------------------------------------------------------------
# Taxonomy
# --------------------------------------------------------------------------------------

def normalise_name(name: str) -> str:
    """As the engine compares metadata names: & -> and, whitespace collapsed, lowercase."""
    return " ".join(name.replace("&", " and ").lower().split())


class Entry:
    __slots__ = ("facet", "path", "label", "synonyms", "phrases", "infer", "parent")

    def __init__(self, facet: str, raw: dict):
        self.facet = facet
        self.path = raw["path"]
        self.label = self.path.rsplit("/", 1)[-1]
        self.synonyms = list(raw.get("synonyms", []))
        self.phrases = list(raw.get("phrases", []))
        self.infer = raw.get("infer", True)
        self.parent = self.path.rsplit("/", 1)[0] if "/" in self.path else None

    def text_forms(self) -> list[str]:
        """What the tagger matches in text: label, synonyms and phrases."""
        return [self.label] + self.synonyms + self.phrases


class Taxonomy:
    FACETS = ("place", "segment", "theme", "community")

    def __init__(self, path: Path):
        self.raw_bytes = path.read_bytes()
        data = tomllib.loads(self.raw_bytes.decode("utf-8"))
        self.entries = {facet: [Entry(facet, e) for e in data.get(facet, [])] for facet in self.FACETS}
        self.by_path = {f: {e.path: e for e in es} for f, es in self.entries.items()}
        # how many entries of a facet answer to a name (path, label, synonym)
        self.name_count: dict[tuple[str, str], int] = {}
        for facet, entries in self.entries.items():
            for entry in entries:
                names = {normalise_name(n) for n in [entry.path, entry.label] + entry.synonyms}
                for name in names:
                    key = (facet, name)
                    self.name_count[key] = self.name_count.get(key, 0) + 1
        for facet in ("place", "theme"):
            if not self.entries[facet]:
                raise SystemExit(f"taxonomy {path} has no [[{facet}]] entries")
        places = self.entries["place"]
        roots = [e for e in places if e.parent is None]
        self.place_root = roots[0]
        # areas: children of the root (or the roots themselves when there are several)
        self.areas = [e for e in places if e.parent == self.place_root.path] if len(roots) == 1 else roots
        if not self.areas:
            self.areas = roots
        self.segments = [e for e in self.entries["segment"] if e.infer]
        self.themes = [e for e in self.entries["theme"] if e.infer]
        self.communities = [e for e in self.entries["community"] if e.infer]
        # equality groups: top-level communities that are never inferred and have children
        # group -> [(child label, the names it answers to)]
        self.equality: dict[str, list[tuple[str, list[str]]]] = {}
        for entry in self.entries["community"]:
            if entry.infer or entry.parent is not None:
                continue
            prefix = entry.path + "/"
            children = [c for c in self.entries["community"] if c.path.startswith(prefix)]
            counts: dict[str, int] = {}
            for child in children:
                for name in {normalise_name(n) for n in [child.label] + child.synonyms}:
                    counts[name] = counts.get(name, 0) + 1
            values = []
            for child in children:
                names = [n for n in [child.label] + child.synonyms if counts[normalise_name(n)] == 1]
                if names:
                    values.append((child.label, names))
            if values:
                self.equality[entry.path] = values
        self.all_text_forms = [
            form for facet in self.FACETS for e in self.entries[facet] if e.infer for form in e.text_forms()
        ]

    def unique(self, facet: str, name: str) -> bool:
        return self.name_count.get((facet, normalise_name(name)), 0) == 1

    def meta_name(self, rng: Random, entry: Entry, allow_comma: bool = True) -> str:
        """How a document names a value: its full path, or its label when that is unambiguous."""
        label_ok = self.unique(entry.facet, entry.label) and (allow_comma or "," not in entry.label)
        if label_ok and rng.random() < 0.6:
            return entry.label
        return entry.path

    def descendants(self, entry: Entry) -> list[Entry]:
        prefix = entry.path + "/"
        return [e for e in self.entries[entry.facet] if e.path.startswith(prefix)]

    def place_names(self, entry: Entry) -> list[str]:
        """Unambiguous names of a place and the places inside it (wards, towns, sites)."""
        names = []
        for e in [entry] + self.descendants(entry):
            for name in [e.label] + e.synonyms:
                if self.unique("place", name) and "," not in name and ";" not in name:
                    names.append(name)
        return names

    def area_label(self, entry: Entry) -> str:
        """The district an entry lies in (its area's label), or the root's label."""
        for area in self.areas:
            if entry.path == area.path or entry.path.startswith(area.path + "/"):
                return area.label
        return self.place_root.label


# --------------------------------------------------------------------------------------
# Vocabulary and text
# --------------------------------------------------------------------------------------

def _pseudo_word(rng: Random) -> str:
    """A pronounceable made-up word of about 7-8 letters, like the rare words of real text."""
    syllables = rng.choice((1, 1, 2, 2, 2, 2, 2, 3, 3))
    parts = []
    for index in range(syllables):
        onset = rng.choice(ONSETS) if index == 0 or rng.random() < 0.85 else ""
        parts.append(onset + rng.choice(VOWELS) + rng.choice(CODAS))
    word = "".join(parts)
    if rng.random() < 0.3:
        word += rng.choice(STEMS)
    return word if len(word) >= 4 else word + rng.choice(STEMS)


class Vocabulary:
    """Word types in rank order with a lookup table for Zipf draws."""

    def __init__(self, taxonomy: Taxonomy, size: int, exponent: float, seed: str):
        rng = Random(f"{seed}:vocabulary")
        words: list[str] = []
        seen: set[str] = set()

        def add(word: str) -> None:
            key = word.lower()
            if word and key not in seen:
                seen.add(key)
                words.append(word)

        # single words that the tagger reads as a tag ("children", "bus", "pharmacy"): kept
        # out of the frequent ranks so that tags come mostly from the sprinkled phrases
        triggers = set()
        for form in taxonomy.all_text_forms:
            if len(form.split()) == 1:
                key = form.lower().strip("'")
                triggers.update((key, key + "s", key.rstrip("s")))
        deferred = []
        for word in CORE_WORDS + HEALTH_WORDS + GENERAL_WORDS + FIRST_NAMES:
            if word.lower() in triggers:
                deferred.append(word)
            else:
                add(word)
        self.common_types = len(words)
        rare: list[str] = []
        rare_keys: set[str] = set()
        tokens = [t.strip(",.;:()\"") for form in taxonomy.all_text_forms for t in form.split()]
        for word in deferred + tokens:
            key = word.lower()
            if word and any(c.isalnum() for c in word) and key not in seen and key not in rare_keys:
                rare_keys.add(key)
                rare.append(word)
        self.real_types = len(words) + len(rare)
        # synthetic long tail: pseudo-words, and capitalised names (people, places, groups)
        synthetic: list[str] = []
        synthetic_keys = set()
        while len(words) + len(rare) + len(synthetic) < size:
            word = _pseudo_word(rng)
            if rng.random() < 0.12:
                word = word.capitalize()
                if rng.random() < 0.3:
                    word += rng.choice(NAME_ENDS)
            key = word.lower()
            if key not in seen and key not in rare_keys and key not in synthetic_keys:
                synthetic_keys.add(key)
                synthetic.append(word)
        # the taxonomy's words (places, conditions, services) are scattered among the rarer
        # words: from rank ~2,000 to about half the vocabulary
        rng.shuffle(rare)
        span = max(1, min(len(synthetic), size // 2 - len(words)))
        slots = sorted(rng.randrange(span + 1) for _ in rare)
        tail: list[str] = []
        taken = 0
        for slot, word in zip(slots, rare):
            tail.extend(synthetic[taken:slot])
            taken = max(taken, slot)
            tail.append(word)
        tail.extend(synthetic[taken:])
        words.extend(tail)
        self.words = words[:size] if size >= 1 else words
        n = len(self.words)
        weights = [1.0 / (rank ** exponent) for rank in range(1, n + 1)]
        total = sum(weights)
        table: list[str] = []
        for word, cumulative in zip(self.words, accumulate(weights)):
            target = round(cumulative / total * ZIPF_TABLE_SIZE)
            if target > len(table):
                table.extend([word] * (target - len(table)))
        self.table = table
        self.mean_len = sum(len(w) for w in table[:: max(1, len(table) // 200000)]) / len(
            table[:: max(1, len(table) // 200000)]
        )
        self.names = [w for w in synthetic if w[0].isupper()] or ["Smith"]


class Text:
    """Sentences, paragraphs, answers and points from Zipfian words plus taxonomy phrases."""

    def __init__(self, vocab: Vocabulary, taxonomy: Taxonomy):
        self.table = vocab.table
        self.vocab = vocab
        self.taxonomy = taxonomy
        self.bytes_per_word = vocab.mean_len + 1.0
        self.sentence_lengths = [5, 7, 8, 9, 10, 11, 12, 12, 13, 14, 15, 16, 17, 18, 20, 22, 25, 28, 32]

    def words(self, rng: Random, count: int, topic: list[str], phrases: int) -> list[str]:
        words = rng.choices(self.table, k=count)
        forms = self.taxonomy.all_text_forms
        for _ in range(phrases):
            phrase = rng.choice(topic) if topic and rng.random() < 0.85 else rng.choice(forms)
            words.insert(rng.randrange(len(words) + 1), phrase)
        return words

    def prose(self, rng: Random, count: int, topic: list[str], phrases: int, casual: bool = False) -> str:
        """Sentences of `count` words (plus sprinkled phrases), capitalised and punctuated."""
        words = self.words(rng, max(1, count), topic, phrases)
        out = []
        i = 0
        n = len(words)
        lengths = self.sentence_lengths
        while i < n:
            length = rng.choice(lengths)
            chunk = words[i:i + length]
            i += length
            if len(chunk) > 9 and rng.random() < 0.5:
                cut = rng.randrange(3, len(chunk) - 3)
                chunk[cut] += ","
            sentence = " ".join(chunk)
            if not (casual and rng.random() < 0.4):
                sentence = sentence[0].upper() + sentence[1:]
            r = rng.random()
            end = "." if r < 0.9 else ("?" if r < 0.95 else "!")
            if casual and rng.random() < 0.25:
                end = "" if i < n else rng.choice(("", "...", "."))
            out.append(sentence + end)
        return " ".join(out)

    def bytes_to_words(self, size: int) -> int:
        return max(1, int(size / self.bytes_per_word))


def squash(answer: str) -> str:
    """As the engine normalises an answer before comparing it with the non-answers."""
    return answer.strip().rstrip(". !").strip().lower().replace("\u2019", "'")


def is_non_answer(answer: str, extra: set[str]) -> bool:
    squashed = squash(answer)
    return not any(c.isalnum() for c in squashed) or squashed in ENGINE_NON_ANSWERS or squashed in extra


COMMON_WORDS = {w.lower() for w in CORE_WORDS + HEALTH_WORDS + GENERAL_WORDS} | {
    "access", "cost", "staff", "social", "mental", "dental", "healthy", "long", "end", "people",
    "women", "men", "young", "older", "disabled", "deaf", "blind", "autistic", "carers", "students",
    "veterans", "parents", "refugees", "ethnic", "care", "prevention", "medicines", "housing",
    "communication", "information", "interpreting", "accessible", "physical", "digital", "urgent",
    "waiting", "discharge", "continuity", "joined-up", "person-centred", "transport", "maternity",
    "frailty", "cancer", "children", "learning", "local",
}


def lower_first(label: str) -> str:
    """'Waiting times' -> 'waiting times'; keeps 'GP appointments', 'LGBTQ+ people', 'Eastern ...'."""
    first = label.split()[0] if label.split() else label
    if first.lower() in COMMON_WORDS and not first[1:2].isupper():
        return label[0].lower() + label[1:]
    return label


def txt_line_kind(line: str) -> str:
    """How the engine reads one line of plain-text notes: 'bullet', 'question' or 'paragraph'
    (a port of bullet_text and is_question_or_table in crates/ingest/src/documents.rs)."""
    line = line.strip()

    def bullet(text: str) -> bool:
        if text.startswith(("- ", "* ", "\u2022 ", "\u2013 ", "o ")):
            return True
        digits = len(text) - len(text.lstrip("0123456789"))
        return 0 < digits < 3 and text[digits:].startswith(") ")

    lower = line.lower()
    for prefix in ("q", "question", "table", "group", "session"):
        if lower.startswith(prefix) and lower[len(prefix):].lstrip()[:1].isdigit() and lower[len(prefix):].lstrip()[:1].isascii():
            return "question"
    size = len(line.encode("utf-8"))
    if line.endswith("?") and not bullet(line) and size < 200:
        return "question"
    if line.endswith(":") and size < 80 and not bullet(line):
        return "question"
    return "bullet" if bullet(line) else "paragraph"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-")


def yaml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def yaml_list(values: list[str]) -> str:
    return "[" + ", ".join(yaml_str(v) for v in values) + "]"


# --------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------

AREA_WEIGHTS = {"Leeds": 35, "Bradford District and Craven": 25, "Kirklees": 20, "Wakefield": 15, "Calderdale": 10}


class Profile:
    """What a document is about: place, themes, segments, communities, organisation, dates."""

    def __init__(self, gen: "Generator", rng: Random):
        tax = gen.taxonomy
        if rng.random() < 0.1:
            self.place = tax.place_root
        else:
            weights = [AREA_WEIGHTS.get(a.label, 10) for a in tax.areas]
            area = rng.choices(tax.areas, weights=weights)[0]
            inner = tax.descendants(area)
            self.place = rng.choice(inner) if inner and rng.random() < 0.4 else area
        self.area = tax.area_label(self.place)
        self.themes = rng.sample(tax.themes, k=min(len(tax.themes), rng.choice((1, 2, 2, 3, 3, 4))))
        self.segments = rng.sample(tax.segments, k=min(len(tax.segments), rng.choice((0, 1, 1, 1, 2))))
        self.communities = rng.sample(tax.communities, k=min(len(tax.communities), rng.choice((0, 1, 1, 2, 3))))
        self.topic = [f for e in self.themes + self.segments + self.communities for f in e.text_forms()]
        self.place_names = tax.place_names(self.place) or [self.place.label]
        self.topic_with_places = self.topic + self.place_names[:1] * 2 + self.place_names
        orgs = ORGANISATIONS.get(self.area) or [f"Healthwatch {self.area}", f"{self.area} Council"]
        if rng.random() < 0.25:
            self.organisation = gen.vcs_org(rng)
        else:
            self.organisation = orgs[min(int(rng.expovariate(0.6)), len(orgs) - 1)]
        self.partners = [gen.vcs_org(rng) if rng.random() < 0.6 else rng.choice(orgs)
                         for _ in range(rng.choice((0, 0, 1, 1, 2, 3)))]
        self.partners = [p for i, p in enumerate(self.partners) if p != self.organisation and p not in self.partners[:i]]
        start = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(0, 7 * 365 + 180))
        self.start = start
        self.end = start + dt.timedelta(days=rng.randrange(1, 150))
        r = rng.random()
        self.visibility = "public" if r < 0.85 else ("partners" if r < 0.95 else "restricted")
        self.participation = rng.choice(("inform", "consult", "consult", "involve", "involve", "collaborate", "empower"))

    def fill(self, template: str, rng: Random) -> str:
        theme = self.themes[0].label
        community = self.communities[0].label if self.communities else "local people"
        segment = self.segments[0].label if self.segments else theme
        return template.format(
            theme=theme, theme_lower=lower_first(theme), place=self.place.label,
            community=lower_first(community),
            segment=segment, segment_lower=lower_first(segment), year=self.end.year,
        )

    def front_matter_tags(self, gen: "Generator", rng: Random, comma_ok: bool = True) -> dict[str, list[str]]:
        tax = gen.taxonomy
        return {
            "places": [tax.meta_name(rng, self.place, comma_ok)],
            "segments": [tax.meta_name(rng, e, comma_ok) for e in self.segments],
            "themes": [tax.meta_name(rng, e, comma_ok) for e in self.themes],
            "communities": [tax.meta_name(rng, e, comma_ok) for e in self.communities],
        }


class Counter:
    def __init__(self):
        self.files = 0
        self.documents = 0
        self.passages = 0
        self.bytes = 0
        self.extra: dict[str, int] = {}

    def add(self, key: str, n: int = 1) -> None:
        self.extra[key] = self.extra.get(key, 0) + n

    def as_dict(self) -> dict:
        return {"documents": self.documents, "files": self.files, "passages": self.passages,
                "bytes": self.bytes, **dict(sorted(self.extra.items()))}


def split_counts(total: int, low: int, high: int, rng: Random):
    """Yields document sizes in [low, high] summing exactly to total (the last may be
    smaller only when total itself is smaller than low)."""
    remaining = total
    while remaining > 0:
        if remaining <= high:
            size = remaining
        else:
            size = rng.randint(low, high)
            if remaining - size < low:
                size = remaining - low
        yield size
        remaining -= size


class Generator:
    def __init__(self, args, taxonomy: Taxonomy):
        self.args = args
        self.seed = str(args.seed)
        self.out: Path = args.out
        self.taxonomy = taxonomy
        self.vocab = Vocabulary(taxonomy, args.vocab, args.zipf, self.seed)
        self.text = Text(self.vocab, taxonomy)
        rng = Random(f"{self.seed}:organisations")
        names = self.vocab.names
        self.vcs_orgs = [f"{rng.choice(names)} {rng.choice(ORG_SUFFIXES)}" for _ in range(400)]
        self.vcs_weights = list(accumulate(1.0 / r for r in range(1, len(self.vcs_orgs) + 1)))
        self.counts = {"survey": Counter(), "report": Counter(), "notes": Counter()}
        self.started = time.monotonic()
        self.last_progress = self.started
        self.dirs_made: set[Path] = set()

    def vcs_org(self, rng: Random) -> str:
        return rng.choices(self.vcs_orgs, cum_weights=self.vcs_weights)[0]

    def person(self, rng: Random) -> str:
        return f"{rng.choice(FIRST_NAMES)} {rng.choice(self.vocab.names)}"

    def path_for(self, kind_dir: str, number: int, per_dir: int, name: str) -> Path:
        folder = self.out / kind_dir / f"{number // per_dir + 1:04d}"
        if folder not in self.dirs_made:
            folder.mkdir(parents=True, exist_ok=True)
            self.dirs_made.add(folder)
        return folder / name

    def write_text(self, path: Path, text: str, counter: Counter) -> None:
        data = text.encode("utf-8")
        with open(path, "wb") as handle:
            handle.write(data)
        counter.files += 1
        counter.bytes += len(data)

    def progress(self) -> None:
        now = time.monotonic()
        if self.args.quiet or now - self.last_progress < 5:
            return
        self.last_progress = now
        done = sum(c.passages for c in self.counts.values())
        size = sum(c.bytes for c in self.counts.values())
        print(f"  {done:,} / {self.args.passages:,} passages, {size / 1e6:,.0f} MB, {now - self.started:,.0f} s",
              file=sys.stderr, flush=True)

    # ---------------------------------------------------------------- reports

    def reports(self, total: int) -> None:
        sizes = split_counts(total, 5, 15, Random(f"{self.seed}:report:plan"))
        for number, sections in enumerate(sizes):
            self.report(number, sections)
            self.progress()

    def report(self, number: int, sections: int) -> None:
        rng = Random(f"{self.seed}:report:{number}")
        gen_text = self.text
        p = Profile(self, rng)
        counter = self.counts["report"]
        title = p.fill(rng.choice(REPORT_TITLES), rng)
        title = title[0].upper() + title[1:]
        tags = p.front_matter_tags(self, rng)
        kind = "consultation report" if rng.random() < 0.2 else "engagement report"
        methods = rng.sample(["survey", "focus group", "interview", "public event", "online discussion",
                              "community conversation", "workshop"], k=rng.choice((1, 1, 2, 2, 3)))
        lines = ["---", f"title: {yaml_str(title)}", f"kind: {kind}", f"organisation: {yaml_str(p.organisation)}"]
        if p.partners:
            lines.append(f"partners: {yaml_list(p.partners)}")
        for key in ("places", "segments", "themes", "communities"):
            if tags[key] or key in ("places", "themes"):
                lines.append(f"{key}: {yaml_list(tags[key])}")
        lines.append(f"method: {yaml_list(methods)}")
        lines.append(f"participation: {p.participation}")
        lines.append(f"participants: {rng.randint(8, 1500)}")
        if rng.random() < 0.6:
            lines.append(f'period: {{ from: "{p.start.isoformat()}", to: "{p.end.isoformat()}" }}')
            if rng.random() < 0.5:
                lines.append(f"published: \"{(p.end + dt.timedelta(days=rng.randrange(20, 120))).isoformat()}\"")
        else:
            lines.append(f"date: \"{p.end.strftime('%d/%m/%Y') if rng.random() < 0.4 else p.end.isoformat()}\"")
        lines.append(f"visibility: {p.visibility}")
        lines.append(f"url: https://example.org/reports/{number:07d}-{slug(title)}")
        lines += ["---", "", f"# {title}", ""]
        # section headings: unique within the report
        topic_entries = p.themes + p.segments + p.communities
        headings: list[str] = []
        pool = list(GENERIC_SECTIONS)
        rng.shuffle(pool)
        while len(headings) < sections:
            if topic_entries and rng.random() < 0.4:
                e = rng.choice(topic_entries)
                x = e.label
                heading = rng.choice(TOPIC_SECTIONS).format(x=x, x_lower=lower_first(x))
            elif pool:
                heading = pool.pop()
            else:
                heading = f"Finding {len(headings) + 1}"
            if heading not in headings:
                headings.append(heading)
        for heading in headings:
            lines += [f"## {heading}", ""]
            # blocks until the section holds 1-3 KB of text
            target = rng.randint(1050, 2900)
            size = 0
            phrases_left = rng.choice((1, 1, 2, 2, 3, 4))
            while target - size > 60:
                n = gen_text.bytes_to_words(min(target - size, rng.randint(350, 800)))
                shape = rng.random()
                ph = 1 if phrases_left > 0 and rng.random() < 0.6 else 0
                phrases_left -= ph
                if shape < 0.12 and n >= 24:
                    items = rng.randint(2, 5)
                    block = "\n".join("- " + gen_text.prose(rng, max(4, n // items), p.topic_with_places, ph if i == 0 else 0)
                                      for i in range(items))
                elif shape < 0.25:
                    block = f"> \u201c{gen_text.prose(rng, n, p.topic, ph, casual=True)}\u201d"
                else:
                    block = gen_text.prose(rng, n, p.topic_with_places, ph)
                lines += [block, ""]
                size += len(block.encode("utf-8"))
        self.write_text(self.path_for("reports", number, FILES_PER_DIR,
                                      f"r{number:07d}-{slug(p.area)}-{slug(p.themes[0].label)}.md"),
                        "\n".join(lines), counter)
        counter.documents += 1
        counter.passages += sections
        counter.add("consultation_reports" if kind == "consultation report" else "engagement_reports")

    # ---------------------------------------------------------------- workshop notes

    def notes(self, total: int) -> None:
        sizes = split_counts(total, 10, 40, Random(f"{self.seed}:notes:plan"))
        for number, points in enumerate(sizes):
            self.note(number, points)
            self.progress()

    def point(self, rng: Random, p: Profile) -> str:
        n = max(3, int(rng.lognormvariate(2.6, 0.5)))
        ph = 1 if rng.random() < 0.45 else 0
        text = self.text.prose(rng, n, p.topic_with_places, ph, casual=True)
        if rng.random() < 0.15:
            text += " \"" + self.text.prose(rng, rng.randint(5, 16), p.topic, 0, casual=True).rstrip(".") + "\""
        return text

    def note(self, number: int, points: int) -> None:
        rng = Random(f"{self.seed}:notes:{number}")
        p = Profile(self, rng)
        counter = self.counts["notes"]
        as_text = rng.random() < 0.4
        method = rng.choice(("workshop", "focus group", "community conversation", "public event"))
        title = p.fill(rng.choice([
            "{place} {theme_lower} workshop", "Focus group with {community}: {theme_lower}",
            "{segment} community conversation in {place}", "{place}: {theme_lower} listening event",
        ]), rng)
        title = title[0].upper() + title[1:]
        date = p.start
        participants = rng.randint(5, 60)
        facilitator = self.person(rng)
        intro = rng.random() < 0.6 and points > 1
        bullets = points - (1 if intro else 0)
        # questions, each with a share of the bullets (and, in Markdown, table sub-groups)
        q_count = max(1, min(bullets, rng.randint(2, 5)))
        shares = [1] * q_count
        for _ in range(bullets - q_count):
            shares[rng.randrange(q_count)] += 1
        entries = p.themes + p.segments
        questions = []
        for _ in range(q_count):
            x = rng.choice(entries).label
            questions.append(rng.choice(NOTE_QUESTIONS).format(x_lower=lower_first(x)))
        intro_text = ""
        while intro and not (intro_text.endswith(".") and txt_line_kind(intro_text) == "paragraph"):
            intro_text = self.text.prose(rng, rng.randint(25, 70), p.topic_with_places, 1)
        if as_text:
            tags = p.front_matter_tags(self, rng, comma_ok=False)
            header = [f"Title: {title}", f"Organisation: {p.organisation}",
                      f"Place: {', '.join(tags['places'])}"]
            if tags["segments"]:
                header.append(f"Segment: {', '.join(tags['segments'])}")
            header.append(f"Themes: {', '.join(tags['themes'])}")
            if tags["communities"]:
                header.append(f"Communities: {', '.join(tags['communities'])}")
            header += [f"Method: {method}", f"Date: {date.strftime('%d/%m/%Y')}",
                       f"Participants: {participants}", f"Facilitator: {facilitator}",
                       f"Visibility: {p.visibility}"]
            lines = [(intro_text, "paragraph")] if intro else []
            markers = ("- ", "- ", "- ", "* ", "\u2022 ")
            for qi, (question, share) in enumerate(zip(questions, shares)):
                if not question.endswith("?") or rng.random() < 0.7:
                    question = f"Q{qi + 1}. {question}"
                lines.append(("", None))
                lines.append((question, "question"))
                for _ in range(share):
                    lines.append((rng.choice(markers) + self.point(rng, p), "bullet"))
            for line, expected in lines:
                if expected and txt_line_kind(line) != expected:
                    raise AssertionError(f"notes {number}: {line!r} would not be read as a {expected}")
            body = header + [""] + [line for line, _ in lines] + [""]
            name = f"n{number:07d}-{slug(p.area)}-{date.strftime('%Y-%m')}.txt"
            counter.add("text_notes")
        else:
            tags = p.front_matter_tags(self, rng)
            body = ["---", f"title: {yaml_str(title)}", "kind: workshop notes", f"method: {method}",
                    f"organisation: {yaml_str(p.organisation)}"]
            if p.partners:
                body.append(f"partners: {yaml_list(p.partners)}")
            for key in ("places", "segments", "themes", "communities"):
                if tags[key] or key in ("places", "themes"):
                    body.append(f"{key}: {yaml_list(tags[key])}")
            body += [f"date: \"{date.isoformat()}\"", f"participants: {participants}",
                     f"facilitator: {yaml_str(facilitator)}", f"participation: {p.participation}",
                     f"visibility: {p.visibility}", "---", "", f"# {title}", ""]
            if intro:
                body += [intro_text, ""]
            for qi, (question, share) in enumerate(zip(questions, shares)):
                body += [f"## Q{qi + 1}: {question}", ""]
                tables = rng.choice((1, 1, 2, 3)) if share >= 4 else 1
                per_table = [share // tables + (1 if t < share % tables else 0) for t in range(tables)]
                for t, count in enumerate(per_table):
                    if tables > 1:
                        body += [f"### Table {t + 1} \u2013 {rng.choice(NOTE_GROUPS)}", ""]
                    for _ in range(count):
                        body.append("- " + self.point(rng, p))
                    body.append("")
            name = f"n{number:07d}-{slug(p.area)}-{date.strftime('%Y-%m')}.md"
            counter.add("markdown_notes")
        self.write_text(self.path_for("notes", number, FILES_PER_DIR, name), "\n".join(body), counter)
        counter.documents += 1
        counter.passages += points
        counter.add("intro_paragraphs", 1 if intro else 0)

    # ---------------------------------------------------------------- surveys

    def surveys(self, total: int) -> None:
        remaining = total
        number = 0
        while remaining > 0:
            rng = Random(f"{self.seed}:survey:{number}")
            rows = int(math.exp(rng.uniform(math.log(500), math.log(5000))))
            columns = rng.choice((3, 3, 4, 4, 5, 6))
            rates = [rng.uniform(0.55, 0.95) for _ in range(columns - 1)] + [rng.uniform(0.25, 0.5)]
            answers = [round(rows * r) for r in rates]
            if remaining - sum(answers) < 800:
                # the last export: exactly the answers still needed
                rows = min(5000, max(500, round(remaining / sum(rates))))
                rows = max(rows, math.ceil(remaining / columns))
                answers = [min(rows, round(rows * r)) for r in rates]
                column = 0
                while sum(answers) != remaining:
                    step = 1 if sum(answers) < remaining else -1
                    if 0 <= answers[column] + step <= rows:
                        answers[column] += step
                    column = (column + 1) % columns
            self.survey(number, rng, rows, answers)
            remaining -= sum(answers)
            number += 1
            self.progress()

    def answer(self, rng: Random, topic: list[str], extra: set[str]) -> str:
        r = rng.random()
        if r < 0.04:
            text = rng.choice(("Good", "Very helpful staff", "ok thanks", "Fine", "Excellent service",
                               "More staff", "Quicker appointments", "Longer opening hours",
                               "Be kinder", "Listen", "Better communication", "All good"))
        elif r < 0.95:
            n = min(40, max(3, int(rng.lognormvariate(2.25, 0.5))))
            ph = 1 if rng.random() < 0.35 else (2 if rng.random() < 0.05 else 0)
            text = self.text.prose(rng, n, topic, ph, casual=True)
        else:
            parts = [self.text.prose(rng, rng.randint(30, 140), topic, rng.randint(1, 3), casual=True)
                     for _ in range(rng.choice((1, 1, 2, 3)))]
            text = "\n".join(parts) if rng.random() < 0.5 else " ".join(parts)
        if rng.random() < 0.003:
            # a little personal data, as real exports have; the engine redacts it
            pii = rng.choice((
                "please ring me on 07700 900{:03d}".format(rng.randrange(1000)),
                "my email is {}.{}@example.com".format(rng.choice(FIRST_NAMES).lower(), rng.randrange(100)),
                "my name is {} and I am happy to talk more".format(rng.choice(FIRST_NAMES)),
                "you can call 0113 496 0{:03d}".format(rng.randrange(1000)),
            ))
            text = f"{text} {pii}"
        text = text.strip()
        if is_non_answer(text, extra):
            text = text + " really"
        return text

    def survey(self, number: int, rng: Random, rows: int, answers: list[int]) -> None:
        tax = self.taxonomy
        p = Profile(self, rng)
        counter = self.counts["survey"]
        extra = {squash(a) for a in MAPPING_NON_ANSWERS}
        id_col, start_col, end_col, date_format, delimiter, bom, quote_all = rng.choice(SURVEY_TOOLS)
        # questions
        free_text = []
        topics = []
        question_pool = list(QUESTIONS)
        rng.shuffle(question_pool)
        for index in range(len(answers)):
            entry = rng.choice(p.themes + p.segments)
            x = entry.label
            q = question_pool[index % len(question_pool)] if index < len(answers) - 1 else "Is there anything else you would like to tell us?"
            q = q.format(x_lower=lower_first(x))
            while q in free_text:
                q = f"{q} ({len(free_text) + 1})"
            free_text.append(q)
            topics.append(p.topic + entry.text_forms() * 2)
        attributes = rng.sample(ATTRIBUTE_QUESTIONS, k=rng.choice((1, 2, 3)))
        place_col = rng.choice(("Which area do you live in?", "Ward", "Where do you live?", "Your neighbourhood"))
        place_values = tax.place_names(p.place)
        equality_groups = [g for g in ("Age band", "Gender", "Ethnicity", "Disability") if g in tax.equality]
        for g in ("Sexual orientation", "Deprivation decile"):
            if g in tax.equality and rng.random() < 0.3:
                equality_groups.append(g)
        equality_cols = [(rng.choice(EQUALITY_QUESTIONS.get(g, [g])), g) for g in equality_groups]
        ignore = ["IP Address"] + (["Email"] if rng.random() < 0.5 else [])
        header = ([id_col, start_col, end_col] + ignore + [place_col] + [a[0] for a in attributes]
                  + free_text + [c for c, _ in equality_cols])
        # mapping
        title = p.fill(rng.choice([
            "{place} {theme_lower} survey {year}", "Your experience of {theme_lower}: survey {year}",
            "{segment} services in {place}: survey {year}", "Have your say on {theme_lower}",
        ]), rng)
        title = title[0].upper() + title[1:]
        tags = p.front_matter_tags(self, rng)
        m = [f"# Mapping for a synthetic export made by {GENERATOR} (seed {self.seed}).", "",
             "[source]", f"title = {yaml_str(title)}", f"organisation = {yaml_str(p.organisation)}",
             'kind = "survey"', 'method = "survey"', f'participation = "{p.participation}"',
             f'visibility = "{p.visibility}"', f'url = "https://example.org/surveys/{number:05d}"', "",
             "[defaults]"]
        for key in ("places", "segments", "themes", "communities"):
            m.append(f"{key} = {yaml_list(tags[key])}")
        m += ["", "[columns]", f"record_id = {yaml_str(id_col)}", f"date = {yaml_str(end_col)}",
              f"date_format = {yaml_str(date_format)}", "free_text = ["]
        m += [f"  {yaml_str(q)}," for q in free_text]
        m += ["]", f"places = [{yaml_str(place_col)}]", "segments = []", "communities = []",
              f"attributes = {yaml_list([a[0] for a in attributes])}",
              f"ignore = {yaml_list([start_col] + ignore)}", "", "[equality]"]
        m += [f"{yaml_str(c)} = {yaml_str(g)}" for c, g in equality_cols]
        m += ["", "[options]", f"non_answers = {yaml_list(MAPPING_NON_ANSWERS)}",
              'declined = ["Prefer not to say"]']
        if delimiter != ",":
            m.append(f"delimiter = {yaml_str(delimiter)}")
        m.append("")
        stem = f"s{number:05d}-{slug(p.area)}-{slug(p.themes[0].label)}-{p.start.year}"
        per_dir = FILES_PER_DIR // 2
        self.write_text(self.path_for("surveys", number, per_dir, stem + ".mapping.toml"), "\n".join(m), counter)
        counter.add("mapping_files")
        # rows, streamed
        csv_path = self.path_for("surveys", number, per_dir, stem + ".csv")
        with open(csv_path, "w", encoding="utf-8", newline="") as handle:
            if bom:
                handle.write("\ufeff")
            writer = csv.writer(handle, delimiter="\t" if delimiter == "tab" else delimiter,
                                quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL, lineterminator="\r\n")
            writer.writerow(header)
            moment = dt.datetime.combine(p.start, dt.time(7, 0)) + dt.timedelta(minutes=rng.randrange(600))
            step = max(60, int((p.end - p.start).total_seconds() / rows))
            record = rng.randrange(10_000_000, 90_000_000) if id_col != "UserNo" else 0
            got = [0] * len(answers)
            non_answer_share = [0.15] * (len(answers) - 1) + [0.45]
            # one spelling per answer, as one survey tool writes it, and a realistic spread
            equality_values = {}
            for _, group in equality_cols:
                children = tax.equality[group]
                spellings = [names[0] if rng.random() < 0.5 else rng.choice(names) for _, names in children]
                weights = [EQUALITY_WEIGHTS.get(label, 4) for label, _ in children]
                equality_values[group] = (spellings, list(accumulate(weights)))
            rows_done = answers_done = non_answers = empties = 0
            for row in range(rows):
                moment += dt.timedelta(seconds=rng.randrange(step // 4, step * 2))
                record += rng.randint(1, 97) if id_col != "UserNo" else 1
                started = moment - dt.timedelta(seconds=rng.randrange(90, 2400))
                cells = [str(record) if id_col != "Form ref" else f"P{record % 1_000_000:06d}",
                         started.strftime(date_format), moment.strftime(date_format),
                         f"{rng.choice(('192.0.2', '198.51.100', '203.0.113'))}.{rng.randrange(1, 255)}"]
                if "Email" in ignore:
                    cells.append("")
                r = rng.random()
                cells.append("" if r < 0.12 else ("Prefer not to say" if r < 0.15 else rng.choice(place_values)))
                for _, choices in attributes:
                    cells.append("" if rng.random() < 0.05 else rng.choice(choices))
                for column, target in enumerate(answers):
                    left = rows - row
                    if got[column] < target and rng.random() * left < target - got[column]:
                        got[column] += 1
                        answers_done += 1
                        cells.append(self.answer(rng, topics[column], extra))
                    elif rng.random() < non_answer_share[column]:
                        non_answers += 1
                        cells.append(rng.choice(NON_ANSWER_TEXTS + MAPPING_NON_ANSWERS))
                    else:
                        empties += 1
                        cells.append("")
                for _, group in equality_cols:
                    r = rng.random()
                    spellings, cumulative = equality_values[group]
                    if r < 0.06:
                        cells.append("")
                    elif r < 0.11:
                        cells.append("Prefer not to say")
                    else:
                        cells.append(rng.choices(spellings, cum_weights=cumulative)[0])
                writer.writerow(cells)
                rows_done += 1
            if got != answers:
                raise AssertionError(f"survey {number}: {got} answers, planned {answers}")
        counter.bytes += os.path.getsize(csv_path)
        counter.files += 1
        counter.documents += 1
        counter.passages += answers_done
        counter.add("rows", rows_done)
        counter.add("non_answers", non_answers)
        counter.add("empty_answers", empties)
        counter.add("free_text_columns", len(answers))

    # ---------------------------------------------------------------- all

    def run(self) -> dict:
        n = self.args.passages
        surveys = round(n * MIX[0])
        reports = round(n * MIX[1])
        notes = n - surveys - reports
        self.out.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.args.taxonomy, self.out / "taxonomy.toml")
        self.reports(reports)
        self.surveys(surveys)
        self.notes(notes)
        passages = sum(c.passages for c in self.counts.values())
        size = sum(c.bytes for c in self.counts.values()) + len(self.taxonomy.raw_bytes)
        files = sum(c.files for c in self.counts.values()) + 1
        return {
            "generator": GENERATOR,
            "seed": self.args.seed,
            "requested_passages": n,
            "passages": passages,
            "files": files,
            "bytes": size,
            "vocabulary": {"types": len(self.vocab.words), "written_and_taxonomy_types": self.vocab.real_types,
                           "zipf_exponent": self.args.zipf},
            "kinds": {
                "survey answers": self.counts["survey"].as_dict(),
                "report sections": self.counts["report"].as_dict(),
                "workshop note points": self.counts["notes"].as_dict(),
            },
            "taxonomy": "taxonomy.toml",
        }


def parse_count(text: str) -> int:
    match = re.fullmatch(r"\s*([0-9_.]+)\s*([kKmM]?)\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(f"`{text}` is not a count; write e.g. 10000, 100k or 1M")
    value = float(match.group(1).replace("_", ""))
    value *= {"": 1, "k": 1e3, "m": 1e6}[match.group(2).lower()]
    if value < 1:
        raise argparse.ArgumentTypeError("the corpus needs at least one passage")
    return int(round(value))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passages", type=parse_count, required=True, help="passages to write: 10000, 100k, 1M, ...")
    parser.add_argument("--out", type=Path, required=True, help="corpus folder to write")
    parser.add_argument("--seed", default="42", help="random seed (default 42)")
    parser.add_argument("--taxonomy", type=Path, default=None,
                        help="taxonomy to use and copy (default corpus/taxonomy.toml of this repository)")
    parser.add_argument("--vocab", type=int, default=40000, help="word types in the vocabulary (default 40000)")
    parser.add_argument("--zipf", type=float, default=1.0, help="Zipf exponent of word frequencies (default 1.0)")
    parser.add_argument("--force", action="store_true",
                        help="replace reports/, surveys/, notes/ and taxonomy.toml if DIR already has them")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)
    if args.taxonomy is None:
        local = Path("corpus/taxonomy.toml")
        args.taxonomy = local if local.is_file() else ROOT / "corpus" / "taxonomy.toml"
    if not args.taxonomy.is_file():
        parser.error(f"no taxonomy at {args.taxonomy}")
    existing = [args.out / name for name in ("reports", "surveys", "notes", "taxonomy.toml", ".corpus.json")
                if (args.out / name).exists()]
    if existing:
        if not args.force:
            parser.error(f"{args.out} already holds a corpus ({', '.join(p.name for p in existing)}); "
                         "use another folder or --force to replace it")
        for path in existing:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
    started = time.monotonic()
    taxonomy = Taxonomy(args.taxonomy)
    summary = Generator(args, taxonomy).run()
    manifest = args.out / ".corpus.json"
    manifest.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    seconds = time.monotonic() - started
    print(f"wrote {args.out}: {summary['passages']:,} passages (requested {args.passages:,}), "
          f"{summary['files']:,} files, {summary['bytes']:,} bytes ({summary['bytes'] / 1e6:,.1f} MB) "
          f"in {seconds:,.1f} s")
    for kind, c in summary["kinds"].items():
        extra = ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in c.items()
                          if k not in ("documents", "files", "passages", "bytes"))
        print(f"  {kind}: {c['passages']:,} passages in {c['documents']:,} documents, {c['files']:,} files, "
              f"{c['bytes'] / 1e6:,.1f} MB ({extra})")
    print(f"  vocabulary: {summary['vocabulary']['types']:,} word types, Zipf exponent {args.zipf}; "
          f"summary in {manifest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
