"""The services of the demo borough, generated from templates so that there are enough of them
to make search, filters and the stale-entry list feel real.

Generation is seeded (random.Random(2026)) and walks the templates in a fixed order, so every
run produces the same services with the same ids, places, sessions and flags. Dates are relative
to today so that "stale" entries stay stale and fresh ones stay fresh.
"""

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Model
from django.utils import timezone

from familyhub.accounts.models import Organisation
from familyhub.directory.demo.ids import DFE_TAXONOMY_ID, demo_id
from familyhub.directory.demo.network import (
    BUS_SERVICE_KEY,
    BUS_TIMETABLE,
    CHILDREN_AND_FAMILY_CENTRES,
    LOCALITIES,
    MAIN_HUBS,
    OTHER_SPOKES,
    SITES,
    DemoDataError,
    Network,
)
from familyhub.directory.models import (
    CostOption,
    Language,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from familyhub.places.models import LocalAuthority

DROP_IN = Service.Access.DROP_IN
SELF_REFER = Service.Access.SELF_REFER
REFERRAL = Service.Access.REFERRAL

# Session times to choose from, by the part of the day a kind of service runs in.
SLOTS = {
    "morning": [("09:30", "11:00"), ("10:00", "11:30"), ("10:00", "12:00"), ("09:30", "11:30")],
    "afternoon": [("13:00", "14:30"), ("13:30", "15:00"), ("14:00", "16:00")],
    "after_school": [("15:30", "17:00"), ("15:30", "17:30"), ("16:00", "18:00")],
    "evening": [("17:00", "19:00"), ("18:00", "20:00"), ("18:30", "20:30")],
    "office": [("09:00", "17:00"), ("10:00", "16:00"), ("09:30", "16:30")],
    "saturday": [("10:00", "12:00"), ("10:00", "13:00"), ("11:00", "14:00")],
}
WEEKDAYS = (0, 1, 2, 3, 4)

# Roughly one service in fourteen is left unchecked for over six months: the stale list.
STALE_EVERY = 14
STALE_AFTER_DAYS = 183


@dataclass(frozen=True)
class Fee:
    description: str
    options: tuple[tuple[str, str, str], ...]  # (option, amount in pounds, what it covers)


@dataclass(frozen=True)
class Template:
    key: str
    name: str
    org: str
    description: str
    terms: tuple[str, ...]  # DfE taxonomy codes (the CSV ids)
    access: str
    # Where it runs: "cfc", "hub" or "library" (one service per such site or locality), a tuple
    # of site keys (one service at those sites), or "online".
    where: str | tuple[str, ...]
    slot: str = "morning"
    days: tuple[int, ...] = WEEKDAYS
    ages: tuple[int | None, int | None] = (None, None)
    pregnancy: bool = False
    languages: tuple[str, ...] = ("en",)
    referrals: bool = False
    online: bool = False
    by_phone: bool = False
    fee: Fee | None = None
    creche: float = 0.0  # chance of a sibling crèche
    interpreter: float = 0.0  # chance an interpreter can be booked
    bsl: bool = False
    extra_sites: int = 0  # up to this many more sites in the same locality ("hub" only)


def T(*args, **kwargs) -> Template:  # noqa: N802 - reads as a table row
    return Template(*args, **kwargs)


BENGALI = ("bn", "syl", "en")
SOMALI = ("so", "en")

PER_CENTRE = [
    T(
        "stay-and-play",
        "Stay and play",
        "cfc",
        "Come and play with your baby or young child in a friendly, safe space. Try messy play, "
        "songs and stories, and meet other local parents. Staff are on hand if you want a chat.",
        ("11", "32"),
        DROP_IN,
        "cfc",
        ages=(0, 5),
        interpreter=0.3,
    ),
    T(
        "baby-massage",
        "Baby massage",
        "cfc",
        "A gentle five-week course for parents and babies from six weeks to crawling. Massage can "
        "help your baby sleep and settle, and is a lovely way to bond. Bring a towel; oil is "
        "provided.",
        ("11", "33"),
        SELF_REFER,
        "cfc",
        ages=(0, 1),
    ),
    T(
        "infant-feeding",
        "Infant feeding drop-in",
        "infant-feeding",
        "Help with breastfeeding, bottle feeding and starting solid food from trained infant "
        "feeding workers. Come in pregnancy or any time after your baby is born. No appointment "
        "needed.",
        ("34",),
        DROP_IN,
        "cfc",
        ages=(0, 2),
        pregnancy=True,
        interpreter=0.5,
    ),
    T(
        "health-visitor-clinic",
        "Health visitor clinic",
        "health-visiting",
        "Get your baby weighed and talk to a health visitor about feeding, sleep, development or "
        "how you are feeling. Drop in with your red book.",
        ("33",),
        DROP_IN,
        "cfc",
        ages=(0, 5),
        referrals=True,
        interpreter=0.6,
    ),
    T(
        "speech-language-drop-in",
        "Speech and language drop-in",
        "slt",
        "Worried about how your child is talking or understanding? A speech and language "
        "therapist can listen, give you ideas to try at home and refer on if needed.",
        ("32", "47"),
        DROP_IN,
        "cfc",
        slot="afternoon",
        ages=(0, 5),
        referrals=True,
        interpreter=0.4,
    ),
    T(
        "funded-childcare-info",
        "Funded childcare for 2-year-olds: information session",
        "fis",
        "Find out if your two-year-old can get 15 hours of free early education a week and how "
        "to apply. We can help you fill in the form and find a nursery or childminder near you.",
        ("32", "12"),
        DROP_IN,
        "cfc",
        slot="afternoon",
        ages=(2, 2),
        interpreter=0.5,
    ),
]

PER_LOCALITY = [
    T(
        "triple-p",
        "Triple P parenting group",
        "early-help",
        "An eight-week group for parents of children up to 12, based on the Triple P Positive "
        "Parenting Programme. Learn practical ways to encourage good behaviour and handle the "
        "tricky moments.",
        ("19",),
        SELF_REFER,
        "hub",
        ages=(0, 12),
        referrals=True,
        creche=0.7,
        interpreter=0.3,
        extra_sites=1,
    ),
    T(
        "triple-p-bengali",
        "Triple P parenting group in Bengali",
        "early-help",
        "The Triple P Positive Parenting Programme, run in Bengali and Sylheti by Bengali-speaking "
        "facilitators. Eight friendly weekly sessions for parents of children up to 12.",
        ("19",),
        SELF_REFER,
        "hub",
        ages=(0, 12),
        languages=BENGALI,
        referrals=True,
        creche=0.8,
    ),
    T(
        "triple-p-somali",
        "Triple P parenting group in Somali",
        "early-help",
        "The Triple P Positive Parenting Programme, run in Somali. Eight weekly sessions with "
        "practical ideas for everyday parenting and time to share with other parents.",
        ("19",),
        SELF_REFER,
        "hub",
        ages=(0, 12),
        languages=SOMALI,
        referrals=True,
        creche=0.8,
    ),
    T(
        "sfsc",
        "Strengthening Families, Strengthening Communities",
        "early-help",
        "A 13-week parenting programme for parents of children aged 3 to 18. It covers "
        "discipline, family relationships, culture and community, and keeping children safe.",
        ("19", "20"),
        SELF_REFER,
        "hub",
        slot="afternoon",
        ages=(3, 18),
        referrals=True,
        creche=0.6,
        interpreter=0.3,
        extra_sites=1,
    ),
    T(
        "sfsc-bengali",
        "Strengthening Families, Strengthening Communities in Bengali",
        "early-help",
        "The Strengthening Families, Strengthening Communities programme in Bengali. Thirteen "
        "weekly sessions for parents of children aged 3 to 18, with a crèche for younger "
        "children.",
        ("19", "20"),
        SELF_REFER,
        "hub",
        ages=(3, 18),
        languages=BENGALI,
        referrals=True,
        creche=1.0,
    ),
    T(
        "sfsc-somali",
        "Strengthening Families, Strengthening Communities in Somali",
        "somali-families",
        "The Strengthening Families, Strengthening Communities programme in Somali, run with the "
        "East London Somali Families Forum. Thirteen weekly sessions for parents of children aged "
        "3 to 18.",
        ("19", "20"),
        SELF_REFER,
        "hub",
        ages=(3, 18),
        languages=SOMALI,
        referrals=True,
        creche=1.0,
    ),
    T(
        "perinatal-group",
        "Perinatal wellbeing group",
        "perinatal",
        "A small, supportive group for parents who are struggling with low mood or anxiety in "
        "pregnancy or after their baby is born. Babies are welcome in the room.",
        ("36", "27"),
        REFERRAL,
        "hub",
        ages=(0, 1),
        pregnancy=True,
        referrals=True,
        interpreter=0.6,
    ),
    T(
        "parental-conflict",
        "Reducing parental conflict support",
        "early-help",
        "One-to-one and couple sessions for parents who argue a lot, are separating or have "
        "separated. We help you keep children out of the middle and find calmer ways to talk.",
        ("20", "21"),
        SELF_REFER,
        "hub",
        slot="afternoon",
        ages=(0, 19),
        referrals=True,
        by_phone=True,
        interpreter=0.4,
    ),
    T(
        "employment-support",
        "Employment support for parents",
        "employment",
        "Meet an employment adviser to talk about work, training or volunteering that fits "
        "around your children. Help with CVs, applications, interviews and childcare costs.",
        ("18",),
        DROP_IN,
        "hub",
        slot="morning",
        referrals=True,
        by_phone=True,
        interpreter=0.3,
        extra_sites=1,
    ),
    T(
        "housing-advice",
        "Housing advice surgery",
        "housing-options",
        "Advice if you are homeless, about to lose your home, or living in overcrowded or unsafe "
        "conditions. Bring any letters from your landlord or the council.",
        ("18",),
        DROP_IN,
        "hub",
        slot="afternoon",
        referrals=True,
        by_phone=True,
        interpreter=0.6,
    ),
    T(
        "money-advice",
        "Money and debt advice",
        "money-matters",
        "Free, confidential help with debts, benefits, rent arrears and energy bills. An adviser "
        "can check you are getting everything you are entitled to and talk to creditors for you.",
        ("15", "18"),
        SELF_REFER,
        "hub",
        slot="morning",
        referrals=True,
        by_phone=True,
        interpreter=0.4,
        extra_sites=1,
    ),
    T(
        "domestic-abuse-drop-in",
        "Domestic abuse advice drop-in",
        "safe-haven",
        "Talk in private to a domestic abuse adviser about what is happening at home. We can help "
        "with safety planning, housing and legal options. You do not have to give your name.",
        ("16",),
        DROP_IN,
        "hub",
        slot="morning",
        referrals=True,
        by_phone=True,
        interpreter=0.7,
    ),
    T(
        "antenatal-classes",
        "Antenatal classes",
        "midwifery",
        "A four-week course for parents-to-be run by community midwives. Learn about labour, "
        "birth, feeding and the first weeks with your baby. Partners and birth supporters are "
        "welcome.",
        ("35", "34"),
        SELF_REFER,
        "hub",
        slot="evening",
        pregnancy=True,
        interpreter=0.5,
    ),
    T(
        "esol-for-parents",
        "ESOL for parents",
        "docklands-learning",
        "Free English classes for parents, at beginner and intermediate levels. Practise the "
        "English you need for school, the doctor and the shops, with a crèche for under-fives.",
        ("7",),
        SELF_REFER,
        "hub",
        slot="morning",
        creche=0.9,
        extra_sites=1,
    ),
    T(
        "send-advice",
        "SEND advice surgery",
        "sendiass",
        "Impartial advice about special educational needs and disabilities, for parents and young "
        "people up to 25. Get help with school support, EHC needs assessments and plans.",
        ("40", "42", "44"),
        SELF_REFER,
        "hub",
        slot="afternoon",
        ages=(0, 25),
        referrals=True,
        by_phone=True,
        interpreter=0.4,
        bsl=True,
    ),
    T(
        "youth-club",
        "Youth club",
        "youth-service",
        "A safe, friendly place for young people aged 11 to 19 to hang out, play sport, cook and "
        "try new things. Youth workers are there to listen and help.",
        ("24", "13", "7"),
        DROP_IN,
        "hub",
        slot="evening",
        ages=(11, 19),
    ),
    T(
        "family-support",
        "Early help family support",
        "early-help",
        "A family support worker can work with you for a few months when things feel difficult: "
        "routines, behaviour, school attendance, money or housing worries. We agree a plan "
        "together.",
        ("17", "19"),
        REFERRAL,
        "hub",
        slot="office",
        ages=(0, 19),
        referrals=True,
        by_phone=True,
        interpreter=0.8,
    ),
]

PER_LIBRARY = [
    T(
        "rhyme-time",
        "Rhyme time",
        "idea-stores",
        "Songs, rhymes and a story for babies and toddlers with their parents and carers. A "
        "lovely way to build your child's language. Free, and no need to book.",
        ("11", "32"),
        DROP_IN,
        "library",
        ages=(0, 4),
    ),
    T(
        "homework-club",
        "Homework club",
        "idea-stores",
        "Quiet space, computers and friendly help with homework for children aged 7 to 16. Free "
        "printing for school work.",
        ("8",),
        DROP_IN,
        "library",
        slot="after_school",
        ages=(7, 16),
    ),
    T(
        "digital-skills",
        "Digital skills for parents",
        "idea-stores",
        "Learn to use email, school apps, online forms and video calls at your own pace. Bring "
        "your phone or use ours.",
        ("7",),
        SELF_REFER,
        "library",
        slot="afternoon",
        interpreter=0.3,
    ),
]

SINGLES = [
    # Voluntary and community sector
    T(
        "bengali-coffee-morning",
        "Bengali women's coffee morning",
        "bengali-womens-network",
        "A relaxed coffee morning for Bengali-speaking mothers. Make friends, share worries and "
        "hear from visiting speakers on health, schools and money.",
        ("27", "11"),
        DROP_IN,
        ("spitalfields-community-hall",),
        languages=BENGALI,
        creche=1.0,
    ),
    T(
        "bengali-sewing-group",
        "Sewing and chat group for Bengali mums",
        "bengali-womens-network",
        "Learn to sew or bring your own project, with tea and good company. Children under five "
        "can play in the crèche next door.",
        ("7", "27"),
        DROP_IN,
        ("hub-nw", "cfc-columbia"),
        slot="afternoon",
        languages=BENGALI,
        creche=1.0,
    ),
    T(
        "bengali-advice-surgery",
        "Advice surgery in Bengali and Sylheti",
        "bangladeshi-parents",
        "Help with letters, forms, school admissions and benefits from volunteers who speak "
        "Bengali and Sylheti. Come along or phone to book a longer appointment.",
        ("18", "19"),
        DROP_IN,
        ("hub-sw", "idea-store-watney-market"),
        languages=BENGALI,
        by_phone=True,
    ),
    T(
        "bengali-classes",
        "Bengali language and culture classes",
        "bangladeshi-parents",
        "Saturday classes in Bengali reading, writing, music and dance for children aged 5 to 11.",
        ("7", "10"),
        SELF_REFER,
        ("cfc-ocean",),
        days=(5,),
        slot="saturday",
        ages=(5, 11),
        languages=BENGALI,
        fee=Fee(
            "£3 a week; free for families on Universal Credit.",
            (("Weekly class", "3.00", "per child per week"),),
        ),
    ),
    T(
        "somali-advice",
        "Somali parents' advice drop-in",
        "somali-families",
        "Advice in Somali on schools, housing, benefits and health services, and a warm welcome "
        "for families new to the area.",
        ("18", "19"),
        DROP_IN,
        ("hub-se", "cfc-chrisp-street"),
        languages=SOMALI,
        by_phone=True,
    ),
    T(
        "somali-youth-mentoring",
        "Somali youth mentoring",
        "somali-families",
        "One-to-one mentoring and group trips for young people aged 11 to 19, with mentors from "
        "the Somali community. Help with school, confidence and future plans.",
        ("24",),
        SELF_REFER,
        ("bus-aberfeldy-estate", "hub-se"),
        slot="after_school",
        ages=(11, 19),
        languages=SOMALI,
        referrals=True,
    ),
    T(
        "somali-coffee-morning",
        "Somali mothers' coffee morning",
        "somali-womens-group",
        "A friendly weekly get-together for Somali mothers and their little ones, with tea, play "
        "and a chance to ask questions about anything.",
        ("11", "27"),
        DROP_IN,
        ("poplar-methodist-hall",),
        ages=(0, 5),
        languages=SOMALI,
        creche=1.0,
    ),
    T(
        "somali-health-talks",
        "Health talks and ESOL for Somali women",
        "somali-womens-group",
        "Practise English while learning about family health: healthy eating, vaccinations, "
        "women's health and mental wellbeing.",
        ("30", "7"),
        SELF_REFER,
        ("hub-se",),
        slot="afternoon",
        languages=SOMALI,
        creche=1.0,
    ),
    T(
        "domestic-abuse-advice",
        "Domestic abuse advice and safety planning",
        "safe-haven",
        "Confidential advice and support from independent domestic violence advisers. We help "
        "you make a safety plan and understand your options, at your pace.",
        ("16",),
        SELF_REFER,
        ("hub-sw", "hub-ne"),
        slot="office",
        referrals=True,
        by_phone=True,
        interpreter=1.0,
    ),
    T(
        "freedom-programme",
        "Domestic abuse recovery group",
        "safe-haven",
        "A 12-week group for women who have experienced domestic abuse. Understand what happened, "
        "rebuild confidence and meet others who understand. Free crèche.",
        ("16", "27"),
        REFERRAL,
        ("half-moon-theatre",),
        referrals=True,
        creche=1.0,
        interpreter=0.5,
    ),
    T(
        "children-da-recovery",
        "Children's recovery group after domestic abuse",
        "safe-haven",
        "A ten-week group for children aged 5 to 11 who have lived with domestic abuse, with a "
        "parallel group for their mums.",
        ("16", "27"),
        REFERRAL,
        ("cfc-john-smith",),
        slot="after_school",
        ages=(5, 11),
        referrals=True,
    ),
    T(
        "food-bank",
        "Emergency food bank",
        "food-bank",
        "Three days of emergency food for your family, with a food bank voucher from a support "
        "worker, GP or the Family Hub. We can also help with the money problems behind it.",
        ("18", "15"),
        REFERRAL,
        ("whitechapel-masjid-centre", "mudchute-hall", "hub-ne"),
        slot="afternoon",
        referrals=True,
        interpreter=0.5,
    ),
    T(
        "food-pantry",
        "Community food pantry",
        "food-bank",
        "Join the pantry for a weekly shop of fresh and store-cupboard food at a fraction of the "
        "price. Membership is open to anyone living in the borough.",
        ("18", "28"),
        SELF_REFER,
        ("shadwell-community-centre",),
        slot="afternoon",
        fee=Fee("£4.50 a week for about £20 of food.", (("Weekly shop", "4.50", "per visit"),)),
    ),
    T(
        "limehouse-youth-club",
        "Limehouse Youth Club",
        "limehouse-youth",
        "Evening youth club with pool, table tennis, music production and a hot meal. Youth "
        "workers run trips and help with anything on your mind.",
        ("24", "13"),
        DROP_IN,
        ("limehouse-wharf-secondary",),
        slot="evening",
        ages=(11, 19),
        fee=Fee("50p a session.", (("Session", "0.50", "per young person"),)),
    ),
    T(
        "girls-night",
        "Girls' night youth club",
        "limehouse-youth",
        "A youth club just for girls and young women aged 11 to 19: dance, cooking, "
        "workshops and a safe space to talk.",
        ("24", "10"),
        DROP_IN,
        ("half-moon-theatre",),
        slot="evening",
        ages=(11, 19),
    ),
    T(
        "inclusive-youth-club",
        "Inclusive youth club (SEND)",
        "limehouse-youth",
        "A youth club for young people aged 11 to 25 with special educational needs or "
        "disabilities. Sensory room, games, art and trips, with extra staff on hand.",
        ("24", "42", "38"),
        SELF_REFER,
        ("hub-se",),
        slot="evening",
        ages=(11, 25),
        referrals=True,
        bsl=True,
    ),
    T(
        "send-coffee-morning",
        "SEND parent carer coffee morning",
        "send-forum",
        "Meet other parents and carers of children with special educational needs or "
        "disabilities. Share tips, get information and have your say on local services.",
        ("40",),
        DROP_IN,
        ("bromley-by-bow-centre", "hub-nw"),
        ages=(0, 25),
        bsl=True,
    ),
    T(
        "ehcp-workshop",
        "Understanding EHC plans: workshop for parents",
        "send-forum",
        "A practical workshop on education, health and care plans: how to ask for an assessment, "
        "what a good plan looks like, and annual reviews.",
        ("40", "42"),
        SELF_REFER,
        ("st-margarets-house",),
        slot="evening",
        ages=(0, 25),
    ),
    T(
        "debt-appointments",
        "Debt advice appointments",
        "money-matters",
        "Book a one-to-one appointment with a qualified debt adviser. We look at everything you "
        "owe, help you make a budget and deal with the people you owe money to.",
        ("15",),
        SELF_REFER,
        ("idea-store-whitechapel", "idea-store-bow"),
        slot="office",
        referrals=True,
        by_phone=True,
        interpreter=0.5,
    ),
    T(
        "benefits-check",
        "Benefits check and Universal Credit help",
        "money-matters",
        "Find out what benefits you can claim, get help with a Universal Credit claim or appeal a "
        "decision.",
        ("15", "18"),
        DROP_IN,
        ("idea-store-chrisp-street",),
        slot="afternoon",
        by_phone=True,
        interpreter=0.5,
    ),
    T(
        "adventure-playground",
        "Adventure playground open sessions",
        "bow-play",
        "Climbing, den building, cooking on the fire and lots of outdoor play for children aged "
        "5 to 14. Staffed by qualified playworkers.",
        ("7", "13"),
        DROP_IN,
        ("bus-lefevre-estate",),
        slot="after_school",
        ages=(5, 14),
    ),
    T(
        "holiday-play-scheme",
        "Summer holiday play scheme",
        "bow-play",
        "Full days of play, trips and a hot lunch through the summer holidays for children aged "
        "5 to 14. Free places for children on free school meals.",
        ("9",),
        SELF_REFER,
        ("hub-ne",),
        slot="office",
        ages=(5, 14),
        fee=Fee(
            "£10 a day; free for children on free school meals.",
            (
                ("Full day", "10.00", "per child"),
                ("Free school meals place", "0.00", "with the HAF code from school"),
            ),
        ),
    ),
    T(
        "dads-club",
        "Dads and kids Saturday club",
        "dads-network",
        "A Saturday morning club for dads, grandads and male carers with their children. "
        "Breakfast, games and a chance to chat with other dads.",
        ("11", "19"),
        DROP_IN,
        ("cfc-christian-street",),
        days=(5,),
        slot="saturday",
        ages=(0, 11),
    ),
    T(
        "home-visiting",
        "Home visiting volunteer support",
        "stepping-stones",
        "A trained volunteer parent visits you at home once a week to offer practical and "
        "emotional support, for families with at least one child under five.",
        ("19",),
        SELF_REFER,
        ("hub-ne",),
        slot="office",
        ages=(0, 5),
        referrals=True,
        by_phone=True,
        interpreter=0.5,
    ),
    T(
        "young-carers-club",
        "Young carers' club",
        "young-carers",
        "Fun, breaks and support for young people aged 8 to 18 who look after someone at home. "
        "Trips, activities and someone to talk to.",
        ("24", "27"),
        SELF_REFER,
        ("hub-nw",),
        slot="after_school",
        ages=(8, 18),
        referrals=True,
    ),
    T(
        "autism-parent-group",
        "Autism parent support group",
        "autism-support",
        "A monthly group for parents and carers of autistic children, diagnosed or waiting. "
        "Guest speakers, peer support and practical strategies.",
        ("37", "40"),
        DROP_IN,
        ("stepney-green-health",),
        slot="evening",
        ages=(0, 25),
    ),
    T(
        "sensory-play",
        "Sensory play session",
        "autism-support",
        "A calm, low-light sensory play session for children up to 11 with autism or sensory "
        "needs, and their brothers and sisters.",
        ("37", "39"),
        SELF_REFER,
        ("cfc-chrisp-street",),
        days=(5,),
        slot="saturday",
        ages=(0, 11),
    ),
    T(
        "family-learning",
        "Family learning: maths and English",
        "docklands-learning",
        "Learn how your child is taught maths and English at school, and brush up your own "
        "skills. Ten-week courses in local primary schools.",
        ("7", "32"),
        SELF_REFER,
        ("marner-primary", "globe-town-primary"),
        creche=0.5,
    ),
    T(
        "junior-football",
        "Junior football",
        "shadwell-sports",
        "Friendly football coaching for boys and girls aged 6 to 15, all abilities welcome.",
        ("13",),
        DROP_IN,
        ("shadwell-community-centre",),
        days=(5,),
        slot="saturday",
        ages=(6, 15),
        fee=Fee("£2 a session.", (("Session", "2.00", "per child"),)),
    ),
    T(
        "netball-club",
        "Girls' netball club",
        "shadwell-sports",
        "Netball for girls aged 8 to 16, from first-timers to team players.",
        ("13",),
        DROP_IN,
        ("wapping-riverside-primary",),
        slot="after_school",
        ages=(8, 16),
        fee=Fee("£1 a session.", (("Session", "1.00", "per child"),)),
    ),
    # Faith groups
    T(
        "womens-circle",
        "Women's circle and parenting talks",
        "whitechapel-masjid-trust",
        "A weekly circle for mothers with talks on parenting, wellbeing and family life, in "
        "Bengali, Urdu and English.",
        ("19", "27"),
        DROP_IN,
        ("whitechapel-masjid-centre",),
        languages=("bn", "ur", "en"),
        creche=1.0,
    ),
    T(
        "weekend-homework-club",
        "Weekend homework club",
        "whitechapel-masjid-trust",
        "Help with homework and revision for children aged 7 to 16 from volunteer tutors.",
        ("8",),
        DROP_IN,
        ("whitechapel-masjid-centre",),
        days=(5,),
        slot="saturday",
        ages=(7, 16),
    ),
    T(
        "little-lambs",
        "Little Lambs toddler group",
        "poplar-methodist",
        "Toys, crafts, singing and a snack for babies and toddlers with their grown-ups. "
        "Everyone welcome.",
        ("11",),
        DROP_IN,
        ("poplar-methodist-hall",),
        ages=(0, 4),
        fee=Fee("£1 donation per family, if you can.", (("Donation", "1.00", "per family"),)),
    ),
    T(
        "community-meal",
        "Community family meal",
        "poplar-methodist",
        "A free hot meal for families every week, with games for children. No questions asked.",
        ("28", "18"),
        DROP_IN,
        ("poplar-methodist-hall",),
        slot="evening",
    ),
    T(
        "holiday-club",
        "Holiday club",
        "bow-baptist",
        "A free holiday club with games, crafts, music and lunch for children aged 5 to 11 "
        "during the Easter and summer holidays.",
        ("9",),
        SELF_REFER,
        ("bromley-by-bow-centre",),
        ages=(5, 11),
    ),
    T(
        "bow-toddlers",
        "Parent and toddler group",
        "bow-baptist",
        "A relaxed toddler group with play, songs and a cuppa for parents.",
        ("11",),
        DROP_IN,
        ("cfc-malmesbury",),
        ages=(0, 4),
    ),
    T(
        "island-pantry",
        "Island food pantry",
        "isle-churches",
        "Fresh fruit and vegetables, tins and toiletries for families on the Isle of Dogs.",
        ("18",),
        DROP_IN,
        ("mudchute-hall",),
        slot="afternoon",
    ),
    T(
        "friday-youth-drop-in",
        "Friday youth drop-in",
        "isle-churches",
        "Somewhere to go on a Friday night: games, music, food and youth workers to talk to.",
        ("24",),
        DROP_IN,
        ("cfc-island-gardens",),
        days=(4,),
        slot="evening",
        ages=(11, 18),
    ),
    # Private providers
    T(
        "funded-nursery-places",
        "Funded nursery places for two, three and four year olds",
        "little-acorns",
        "Funded early education places for eligible two-year-olds and all three and four year "
        "olds, in a nursery with a garden. Extra hours can be paid for.",
        ("32", "12"),
        SELF_REFER,
        ("cfc-old-ford",),
        slot="office",
        ages=(2, 4),
        fee=Fee(
            "Funded hours are free; extra hours cost £8.50 an hour.",
            (
                ("Funded hours", "0.00", "15 or 30 hours a week, term time"),
                ("Extra hours", "8.50", "per hour"),
            ),
        ),
    ),
    T(
        "baby-swimming",
        "Baby and toddler swimming lessons",
        "riverside-swim",
        "Small-group swimming lessons for babies and toddlers with a parent in the water. Builds "
        "water confidence from the start.",
        ("13", "11"),
        SELF_REFER,
        ("york-hall",),
        days=(5,),
        slot="saturday",
        ages=(0, 4),
        fee=Fee("£9 a lesson, paid by the term.", (("Lesson", "9.00", "per child"),)),
    ),
    T(
        "children-swimming",
        "Children's swimming lessons",
        "riverside-swim",
        "Swimming lessons for children aged 4 to 11, grouped by ability.",
        ("13",),
        SELF_REFER,
        ("york-hall",),
        slot="after_school",
        ages=(4, 11),
        fee=Fee("£8 a lesson, paid by the term.", (("Lesson", "8.00", "per child"),)),
    ),
    T(
        "tutoring",
        "Maths and English tutoring groups",
        "bright-futures",
        "Small-group tutoring after school for pupils aged 7 to 16, with a free first session.",
        ("8",),
        SELF_REFER,
        ("idea-store-canary-wharf",),
        slot="after_school",
        ages=(7, 16),
        fee=Fee("£15 a session; first session free.", (("Session", "15.00", "per child"),)),
    ),
    T(
        "send-soft-play",
        "SEND-friendly soft play",
        "kiddi-kingdom",
        "Quieter soft play sessions for disabled children and their families, with lower music, "
        "fewer people and a chill-out area.",
        ("38", "7"),
        DROP_IN,
        ("bromley-by-bow-centre",),
        days=(6,),
        slot="saturday",
        ages=(0, 11),
        fee=Fee("£3 per child; carers free.", (("Entry", "3.00", "per child"),)),
    ),
    # Housing associations
    T(
        "tenancy-support",
        "Tenancy sustainment support",
        "riverside-estates",
        "Help for tenants who are struggling to keep their home: rent arrears, benefits, "
        "repairs and neighbour problems.",
        ("18",),
        REFERRAL,
        ("hub-sw",),
        slot="office",
        referrals=True,
        by_phone=True,
    ),
    T(
        "estate-football",
        "Estate youth football",
        "bow-common-housing",
        "Free football on the estate pitch for young people aged 8 to 16.",
        ("13",),
        DROP_IN,
        ("bus-lincoln-estate",),
        slot="after_school",
        ages=(8, 16),
    ),
    T(
        "tenants-money-advice",
        "Money advice for tenants",
        "bow-common-housing",
        "Help with budgeting, rent and energy bills for Bow Common tenants.",
        ("15", "18"),
        SELF_REFER,
        ("hub-ne",),
        slot="afternoon",
        by_phone=True,
    ),
    T(
        "estate-homework-club",
        "Estate homework club",
        "isle-community-homes",
        "Homework help, snacks and games for primary school children on the estate.",
        ("8",),
        DROP_IN,
        ("bus-samuda-estate",),
        slot="after_school",
        ages=(5, 11),
    ),
    T(
        "energy-advice",
        "Money and energy advice for tenants",
        "limehouse-housing",
        "Help to cut your energy bills, sort out debts and apply for grants.",
        ("15", "18"),
        SELF_REFER,
        ("half-moon-theatre",),
        slot="afternoon",
        by_phone=True,
    ),
    # Police
    T(
        "safer-schools-drop-in",
        "Safer Schools drop-in for parents",
        "met-safer-schools",
        "Talk to your school's Safer Schools officer about bullying, knife crime, exploitation "
        "or online safety.",
        ("14", "24"),
        DROP_IN,
        ("limehouse-wharf-secondary",),
        slot="after_school",
        ages=(11, 18),
    ),
    T(
        "online-safety-workshop",
        "Staying safe online: workshop for parents",
        "met-safer-schools",
        "Find out what apps and games your children use, how grooming and sextortion happen, "
        "and how to set up parental controls.",
        ("14",),
        SELF_REFER,
        ("idea-store-whitechapel",),
        slot="evening",
        ages=(8, 18),
    ),
    T(
        "police-football",
        "Friday night football with police officers",
        "met-youth-engagement",
        "Free football and a chat with local officers on Friday evenings, for young people aged "
        "11 to 19.",
        ("13", "24"),
        DROP_IN,
        ("york-hall",),
        days=(4,),
        slot="evening",
        ages=(11, 19),
    ),
    T(
        "youth-mentoring",
        "Youth mentoring",
        "met-youth-engagement",
        "Mentoring from police officers and volunteers for young people aged 12 to 17 at risk "
        "of getting into trouble.",
        ("24", "25"),
        REFERRAL,
        ("hub-nw",),
        slot="after_school",
        ages=(12, 17),
        referrals=True,
    ),
    # Schools
    T(
        "breakfast-club",
        "Breakfast club",
        "marner-primary",
        "A healthy breakfast and calm start to the day from 8am for pupils aged 4 to 11.",
        ("8",),
        SELF_REFER,
        ("marner-primary",),
        slot="morning",
        ages=(4, 11),
        fee=Fee(
            "£1 a day; free for pupils on free school meals.",
            (("Breakfast", "1.00", "per child per day"),),
        ),
    ),
    T(
        "parents-cafe",
        "Parents' café",
        "marner-primary",
        "Tea, toast and a chat after drop-off, with visiting speakers from the Family Hub.",
        ("19",),
        DROP_IN,
        ("marner-primary",),
        days=(4,),
        interpreter=0.5,
    ),
    T(
        "after-school-club",
        "After-school club",
        "globe-town-primary",
        "Play, sport, crafts and a snack until 6pm for pupils aged 4 to 11.",
        ("8",),
        SELF_REFER,
        ("globe-town-primary",),
        slot="after_school",
        ages=(4, 11),
        fee=Fee(
            "£12 a session; help with costs through Universal Credit childcare.",
            (("Session", "12.00", "per child"),),
        ),
    ),
    T(
        "haf-programme",
        "Holiday activities and food (HAF)",
        "wapping-riverside-primary",
        "Free holiday activities and a healthy meal for children aged 5 to 16 on benefits-related "
        "free school meals. Others can book paid places.",
        ("9", "28"),
        SELF_REFER,
        ("wapping-riverside-primary",),
        slot="office",
        ages=(5, 16),
        fee=Fee(
            "Free for children on free school meals; £15 a day otherwise.",
            (
                ("Free school meals place", "0.00", "with the HAF code from school"),
                ("Paid place", "15.00", "per child per day"),
            ),
        ),
    ),
    T(
        "teen-mental-health-workshop",
        "Teenage mental health: workshop for parents",
        "limehouse-wharf-secondary",
        "How to spot when your teenager is struggling, how to talk about it, and where to get "
        "help.",
        ("27",),
        SELF_REFER,
        ("limehouse-wharf-secondary",),
        slot="evening",
        ages=(11, 18),
    ),
    T(
        "short-breaks-club",
        "SEND short breaks Saturday club",
        "stepney-park-special",
        "Saturday club for disabled children and young people aged 5 to 19, giving families a "
        "break. Sensory room, swimming and trips.",
        ("38", "42", "45"),
        REFERRAL,
        ("stepney-park-special",),
        days=(5,),
        slot="saturday",
        ages=(5, 19),
        referrals=True,
        bsl=True,
    ),
    # Council and NHS
    T(
        "stop-smoking",
        "Stop smoking service for parents",
        "public-health",
        "Free support and nicotine replacement or vapes to help you stop smoking, in pregnancy "
        "or any time. Protect your family from second-hand smoke.",
        ("22",),
        SELF_REFER,
        ("hub-nw", "hub-se"),
        slot="afternoon",
        pregnancy=True,
        by_phone=True,
        interpreter=0.5,
    ),
    T(
        "healthy-weight",
        "Healthy families programme",
        "public-health",
        "A ten-week programme for families with children aged 4 to 12: cooking, being active "
        "together and small changes that last.",
        ("28", "13"),
        SELF_REFER,
        ("hub-ne", "cfc-barkantine"),
        slot="after_school",
        ages=(4, 12),
        referrals=True,
    ),
    T(
        "oral-health",
        "Oral health: free toothbrushes and fluoride varnish",
        "public-health",
        "Free toothbrush packs and fluoride varnish for children, and tips on looking after "
        "little teeth.",
        ("29",),
        DROP_IN,
        ("cfc-overland", "cfc-marner", "cfc-john-smith"),
        ages=(1, 11),
    ),
    T(
        "healthy-start",
        "Healthy Start vitamins and food vouchers",
        "public-health",
        "Collect free Healthy Start vitamins and get help applying for the Healthy Start card "
        "for milk, fruit and vegetables.",
        ("30", "28"),
        DROP_IN,
        ("hub-sw", "hub-se"),
        ages=(0, 4),
        pregnancy=True,
    ),
    T(
        "youth-prevention",
        "Youth justice prevention programme",
        "youth-justice",
        "Early support for young people aged 10 to 17 who are at risk of offending, and their "
        "families.",
        ("25", "24"),
        REFERRAL,
        ("hub-sw",),
        slot="office",
        ages=(10, 17),
        referrals=True,
    ),
    T(
        "camhs-access",
        "CAMHS single point of access",
        "camhs",
        "The way into NHS mental health services for children and young people up to 18. A "
        "clinician reviews every referral and contacts the family.",
        ("27", "46"),
        REFERRAL,
        ("stepney-green-health",),
        slot="office",
        ages=(0, 18),
        referrals=True,
        by_phone=True,
        interpreter=0.8,
    ),
    T(
        "mental-health-support-teams",
        "Mental health support in schools",
        "camhs",
        "Mental health practitioners in schools offering short courses of support for anxiety "
        "and low mood, for pupils aged 5 to 18.",
        ("27", "46"),
        REFERRAL,
        ("limehouse-wharf-secondary", "globe-town-primary"),
        slot="afternoon",
        ages=(5, 18),
        referrals=True,
    ),
    T(
        "parent-infant",
        "Parent-infant relationship service",
        "perinatal",
        "Therapeutic support for parents and babies up to two when the relationship feels hard "
        "or a difficult birth or past has left its mark.",
        ("36", "27"),
        REFERRAL,
        ("hub-ne",),
        ages=(0, 2),
        pregnancy=True,
        referrals=True,
        interpreter=0.8,
    ),
    T(
        "pregnancy-booking",
        "Book your midwife",
        "midwifery",
        "Pregnant? Book your first midwife appointment at around 8 weeks: you do not need to see "
        "your GP first.",
        ("35",),
        SELF_REFER,
        ("bromley-by-bow-health", "chrisp-street-health"),
        slot="office",
        pregnancy=True,
        by_phone=True,
        interpreter=0.8,
    ),
    T(
        "immunisation-clinic",
        "Baby and child immunisation clinic",
        "gp-federation",
        "Routine vaccinations for babies and young children. Book through your GP practice or "
        "come to a catch-up clinic.",
        ("30", "33"),
        SELF_REFER,
        ("bethnal-green-health", "chrisp-street-health"),
        slot="afternoon",
        ages=(0, 5),
        interpreter=0.6,
    ),
    T(
        "asthma-clinic",
        "Children's asthma clinic",
        "gp-federation",
        "A nurse-led clinic to review your child's asthma plan, inhaler technique and triggers.",
        ("30",),
        REFERRAL,
        ("stepney-green-health",),
        slot="afternoon",
        ages=(2, 16),
        referrals=True,
    ),
    T(
        "hearing-vision",
        "Hearing and vision checks",
        "gp-federation",
        "Hearing and eyesight checks for children who missed their school screening or whose "
        "parents are worried.",
        ("26", "41", "48"),
        SELF_REFER,
        ("bromley-by-bow-health",),
        ages=(0, 11),
        bsl=True,
    ),
    T(
        "birth-registration",
        "Register a birth at the Family Hub",
        "family-hubs",
        "Register your baby's birth at a Family Hub instead of the town hall, and find out about "
        "everything else on offer for new families while you are here.",
        ("31",),
        SELF_REFER,
        ("hub-nw", "hub-se"),
        slot="office",
        ages=(0, 0),
        interpreter=0.5,
    ),
    T(
        "community-transport",
        "Family Hub community transport",
        "family-hubs",
        "Door-to-door minibus to Family Hub sessions for families who find it hard to travel, "
        "including disabled children and their brothers and sisters.",
        ("49", "38"),
        REFERRAL,
        ("hub-ne",),
        slot="office",
        ages=(0, 25),
        referrals=True,
        by_phone=True,
    ),
    T(
        "babys-day-out",
        "Baby's Day Out",
        "cfc",
        "A welcome morning for every new parent: meet midwives, health visitors and the centre "
        "team, find out what is on and register your family.",
        ("11", "33"),
        DROP_IN,
        ("cfc-overland", "cfc-old-ford", "cfc-chrisp-street"),
        ages=(0, 1),
        interpreter=0.8,
    ),
]

ONLINE = [
    T(
        "phone-line",
        "Family Hub phone line",
        "family-hubs",
        "Call or message the Family Hub for advice on anything to do with family life, or to "
        "find the right service. We can book interpreters.",
        ("19", "18"),
        SELF_REFER,
        "online",
        slot="office",
        ages=(0, 25),
        pregnancy=True,
        by_phone=True,
        interpreter=1.0,
    ),
    T(
        "triple-p-online",
        "Triple P Online",
        "early-help",
        "The Triple P Positive Parenting Programme as an online course you do at your own pace, "
        "for parents of children up to 12. Free with a code from the Family Hub.",
        ("19",),
        SELF_REFER,
        "online",
        slot="evening",
        ages=(0, 12),
    ),
    T(
        "teen-triple-p-online",
        "Teen Triple P Online",
        "early-help",
        "An online course for parents of teenagers aged 12 to 16: conflict, risky behaviour and "
        "keeping communication open.",
        ("19",),
        SELF_REFER,
        "online",
        slot="evening",
        ages=(12, 16),
    ),
    T(
        "online-antenatal",
        "Online antenatal course",
        "midwifery",
        "Live online antenatal sessions with a midwife, plus videos to watch when it suits you.",
        ("35", "34"),
        SELF_REFER,
        "online",
        slot="evening",
        pregnancy=True,
    ),
    T(
        "health-visitor-text",
        "Text a health visitor",
        "health-visiting",
        "Send a confidential text to a health visitor about your child's health, feeding, "
        "sleep or development. Replies within one working day.",
        ("33",),
        SELF_REFER,
        "online",
        slot="office",
        ages=(0, 5),
        by_phone=True,
    ),
    T(
        "young-people-online-support",
        "Online counselling for young people",
        "camhs",
        "Free, anonymous online chat and counselling for young people aged 11 to 18.",
        ("27", "46"),
        SELF_REFER,
        "online",
        slot="evening",
        ages=(11, 18),
    ),
    T(
        "money-webchat",
        "Money advice webchat",
        "money-matters",
        "Chat online to a money adviser about debts, benefits and bills.",
        ("15",),
        SELF_REFER,
        "online",
        slot="office",
        by_phone=True,
    ),
    T(
        "send-online-workshops",
        "Online workshops for SEND parents",
        "send-forum",
        "Evening online workshops on sleep, behaviour, transitions and rights, for parents and "
        "carers of children and young people with SEND.",
        ("40", "37"),
        SELF_REFER,
        "online",
        slot="evening",
        ages=(0, 25),
    ),
    T(
        "fis-helpline",
        "Family Information Service helpline",
        "fis",
        "Information about childcare, funded early education, help with childcare costs and the "
        "SEND Local Offer, by phone or email.",
        ("32", "18"),
        SELF_REFER,
        "online",
        slot="office",
        ages=(0, 19),
        by_phone=True,
        interpreter=0.5,
    ),
]

TEMPLATES = PER_CENTRE + PER_LOCALITY + PER_LIBRARY + SINGLES + ONLINE

LIBRARY_KEYS = [site.key for site in OTHER_SPOKES if site.category == "library"]
CFC_KEYS = [site.key for site in CHILDREN_AND_FAMILY_CENTRES]
HUB_KEYS = {site.locality: site.key for site in MAIN_HUBS}
PLACE_CATEGORIES = {"cfc", "library", "health", "venue"}


@dataclass
class Planned:
    """One service as it will be saved: the template, its places and its sessions."""

    key: str
    template: Template
    name: str
    site_keys: list[str]
    sessions: list[tuple[str, int, str, str]] = field(default_factory=list)  # site, day, times
    interpreter: bool = False
    creche: bool = False
    bsl: bool = False
    days_since_checked: int = 0


def _sessions(rng: random.Random, template: Template, site_keys: list[str]):
    """1 to 3 weekly sessions: one at each place, and maybe a second at the first."""
    sessions = []
    extra = rng.randint(0, 3 - len(site_keys))
    for index, site in enumerate(site_keys):
        for _ in range(1 + (extra if index == 0 else 0)):
            day = rng.choice(template.days)
            opens, closes = rng.choice(SLOTS[template.slot])
            sessions.append((site, day, opens, closes))
    # Two sessions at the same place, day and time would be one session listed twice.
    return list(dict.fromkeys(sessions))


def plan_services(network: Network) -> list[Planned]:
    """Every demo service, in a fixed order, from a seeded random generator."""
    rng = random.Random(2026)
    # Borough-wide groups also run at a centre, library, clinic or hall in the same locality.
    locality_sites: dict[str, list[str]] = {key: [] for key in LOCALITIES}
    for site in SITES:
        location = network.sites[site.key]
        if site.category in PLACE_CATEGORIES and location.locality:
            locality_sites[location.locality.slug].append(site.key)
    planned: list[Planned] = []

    def add(key: str, template: Template, name: str, site_keys: list[str]) -> None:
        item = Planned(key, template, name, site_keys)
        item.sessions = _sessions(rng, template, site_keys)
        item.interpreter = rng.random() < template.interpreter
        item.creche = rng.random() < template.creche
        item.bsl = template.bsl or rng.random() < 0.05
        stale = len(planned) % STALE_EVERY == 3
        item.days_since_checked = (
            rng.randint(STALE_AFTER_DAYS + 7, 420) if stale else rng.randint(2, 170)
        )
        planned.append(item)

    for template in TEMPLATES:
        if template.where == "cfc":
            for site in CFC_KEYS:
                name = f"{template.name} at {network.sites[site].name}"
                add(f"{template.key}:{site}", template, name, [site])
        elif template.where == "library":
            for site in LIBRARY_KEYS:
                name = f"{template.name} at {network.sites[site].name}"
                add(f"{template.key}:{site}", template, name, [site])
        elif template.where == "hub":
            for locality, (locality_name, _) in LOCALITIES.items():
                sites = [HUB_KEYS[locality]]
                others = sorted(locality_sites[locality])
                count = rng.randint(0, template.extra_sites)
                sites += rng.sample(others, min(count, len(others)))
                add(
                    f"{template.key}:{locality}",
                    template,
                    f"{template.name} ({locality_name})",
                    sites,
                )
        elif template.where == "online":
            add(template.key, template, template.name, ["online"])
        else:
            add(template.key, template, template.name, list(template.where))
    return planned


def _terms() -> dict[str, TaxonomyTerm]:
    terms = {t.code: t for t in TaxonomyTerm.objects.filter(taxonomy_id=DFE_TAXONOMY_ID)}
    if not terms:
        raise DemoDataError("The DfE taxonomy is missing: run manage.py migrate first.")
    return terms


def _languages(codes: Sequence[str]) -> dict[str, Language]:
    languages = Language.objects.in_bulk(list(codes))
    missing = set(codes) - languages.keys()
    if missing:
        raise DemoDataError(f"Languages missing: {sorted(missing)}; run manage.py migrate.")
    return languages


def _time(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


BUS = T(
    "outreach-bus",
    "Family Hub outreach bus",
    "family-hubs",
    "The Family Hub bus brings advice and activities to estates across the borough. Step on "
    "board to talk to a family support worker, find out what is on nearby, get help with "
    "forms, or let the children play while you chat.",
    ("19", "18", "11"),
    DROP_IN,
    tuple(dict.fromkeys(stop for stop, *_ in BUS_TIMETABLE)),
    ages=(0, 19),
    pregnancy=True,
    languages=("en", "bn", "so"),
    interpreter=1.0,
)


def _bus() -> Planned:
    """The outreach bus: one service, a place per estate stop, and its published timetable."""
    bus = Planned(BUS_SERVICE_KEY, BUS, BUS.name, list(BUS.where))
    bus.sessions = list(BUS_TIMETABLE)
    bus.interpreter = True
    bus.days_since_checked = 12
    return bus


def _upsert(model: type[Model], rows: list[Model], fields: list[str]) -> None:
    """Insert the rows whose id is new and update those that differ: a few queries in all.

    Unchanged rows are left alone (and keep their modified time), so a second load writes
    almost nothing; bulk_update of every row would also be slow to build.
    """
    columns = [model._meta.get_field(name).attname for name in fields if name != "modified"]
    existing = {
        values[0]: values[1:]
        for values in model.objects.filter(pk__in=[row.pk for row in rows]).values_list(
            "pk", *columns
        )
    }
    new = [row for row in rows if row.pk not in existing]
    changed = [
        row
        for row in rows
        if row.pk in existing
        and tuple(getattr(row, column) for column in columns) != existing[row.pk]
    ]
    model.objects.bulk_create(new, batch_size=500)
    model.objects.bulk_update(changed, fields, batch_size=100)


def _sync_links(through: type[Model], column: str, wanted: set[tuple[object, object]]) -> None:
    """Make a many-to-many table hold exactly the wanted (service id, other id) pairs."""
    service_ids = {service_id for service_id, _ in wanted}
    existing = set(
        through.objects.filter(service_id__in=service_ids).values_list("service_id", column)
    )
    through.objects.bulk_create(
        [
            through(service_id=service_id, **{column: other})
            for service_id, other in sorted(wanted - existing, key=str)
        ]
    )
    for service_id, other in existing - wanted:
        through.objects.filter(service_id=service_id, **{column: other}).delete()


def _service(
    item: Planned, la: LocalAuthority, org: Organisation, today: dt.date, now: dt.datetime
) -> Service:
    t = item.template
    return Service(
        id=demo_id("service", item.key),
        local_authority=la,
        organisation=org,
        name=item.name,
        description=t.description,
        status=Service.Status.ACTIVE,
        url=f"{org.website}{t.key}/",
        email=org.email,
        phone=org.phone,
        access=t.access,
        accepts_referrals=t.referrals or t.access == REFERRAL,
        online=t.online or t.where == "online",
        by_phone=t.by_phone,
        minimum_age=t.ages[0],
        maximum_age=t.ages[1],
        for_pregnancy=t.pregnancy,
        is_free=t.fee is None,
        fees_description=t.fee.description if t.fee else "",
        interpreter=item.interpreter,
        sibling_creche=item.creche,
        bsl=item.bsl,
        last_checked=today - dt.timedelta(days=item.days_since_checked),
        modified=now,
    )


SERVICE_FIELDS = [
    "local_authority",
    "organisation",
    "name",
    "description",
    "status",
    "url",
    "email",
    "phone",
    "access",
    "accepts_referrals",
    "online",
    "by_phone",
    "minimum_age",
    "maximum_age",
    "for_pregnancy",
    "is_free",
    "fees_description",
    "interpreter",
    "sibling_creche",
    "bsl",
    "last_checked",
    "modified",
]


def load_services(la: LocalAuthority, orgs: dict[str, Organisation], network: Network) -> int:
    """Create or refresh every demo service and the outreach bus; returns how many there are.

    Rows are written in bulk (about 20 queries in all) so that the loader, and every test that
    uses the demo borough, stays quick. Anything the data no longer lists is removed.
    """
    terms = _terms()
    planned = [*plan_services(network), _bus()]
    languages = _languages(sorted({c for p in planned for c in p.template.languages}))
    locations = {**network.sites, "online": network.online}
    today, now = timezone.localdate(), timezone.now()

    services, costs, places, sessions = [], [], [], []
    language_links, term_links = set(), set()
    for item in planned:
        service = _service(item, la, orgs[item.template.org], today, now)
        services.append(service)
        language_links |= {(service.id, languages[c].pk) for c in item.template.languages}
        term_links |= {(service.id, terms[c].pk) for c in item.template.terms}
        fee = item.template.fee
        for number, (option, amount, what) in enumerate(fee.options if fee else ()):
            costs.append(
                CostOption(
                    id=demo_id("cost-option", item.key, number),
                    service_id=service.id,
                    option=option,
                    amount=Decimal(amount),
                    amount_description=what,
                )
            )
        for site in item.site_keys:
            place = ServiceAtLocation(
                id=demo_id("service-at-location", item.key, site),
                service_id=service.id,
                location_id=locations[site].pk,
            )
            places.append(place)
            at_site = [session for session in item.sessions if session[0] == site]
            for number, (_, day, opens, closes) in enumerate(at_site):
                sessions.append(
                    Schedule(
                        id=demo_id("schedule", item.key, site, number),
                        service_at_location_id=place.id,
                        weekday=day,
                        opens_at=_time(opens),
                        closes_at=_time(closes),
                    )
                )

    service_ids = [service.id for service in services]
    _upsert(Service, services, SERVICE_FIELDS)
    _sync_links(Service.languages.through, "language_id", language_links)
    _sync_links(Service.terms.through, "taxonomyterm_id", term_links)
    _upsert(CostOption, costs, ["service", "option", "amount", "amount_description"])
    CostOption.objects.filter(service_id__in=service_ids).exclude(
        id__in=[cost.id for cost in costs]
    ).delete()
    _upsert(ServiceAtLocation, places, ["service", "location"])
    ServiceAtLocation.objects.filter(service_id__in=service_ids).exclude(
        id__in=[place.id for place in places]
    ).delete()
    _upsert(Schedule, sessions, ["service_at_location", "weekday", "opens_at", "closes_at"])
    Schedule.objects.filter(service_at_location__service_id__in=service_ids).exclude(
        id__in=[session.id for session in sessions]
    ).delete()
    return len(services)
