"""The partner organisations of the demo borough: one of every sector, most approved.

Names are realistic but generic; none is meant to be a real charity or person. Contact details
use example.org and Ofcom's drama numbers (020 7946 0000 to 0999), which are never allocated.
"""

from dataclasses import dataclass

from django.utils.text import slugify

from familyhub.accounts.models import Organisation, Sector
from familyhub.directory.demo.ids import demo_id
from familyhub.places.models import LocalAuthority

APPROVED = Organisation.Status.APPROVED
PENDING = Organisation.Status.PENDING


@dataclass(frozen=True)
class Org:
    key: str
    name: str
    sector: str
    description: str
    status: str = APPROVED

    @property
    def slug(self) -> str:
        return slugify(self.name)


# Keys are how the rest of the demo refers to an organisation; they never change.
ORGANISATIONS: list[Org] = [
    # Council
    Org(
        "family-hubs",
        "Tower Hamlets Family Hubs",
        Sector.COUNCIL,
        "The council's Family Hub network: four main hubs, their spokes, the online offer and "
        "the outreach bus. Runs the directory of services for families.",
    ),
    Org(
        "early-help",
        "Early Help Service",
        Sector.COUNCIL,
        "Family support workers who work alongside families when things get difficult, before "
        "problems grow.",
    ),
    Org(
        "cfc",
        "Children and Family Centres",
        Sector.COUNCIL,
        "Twelve Children and Family Centres for families with children up to 11, with a strong "
        "offer for the under-fives.",
    ),
    Org(
        "housing-options",
        "Housing Options Service",
        Sector.COUNCIL,
        "Advice for families who are homeless, at risk of losing their home, or living in "
        "overcrowded or unsafe housing.",
    ),
    Org(
        "public-health",
        "Public Health",
        Sector.COUNCIL,
        "Healthy weight, stop smoking, oral health and other public health programmes for "
        "families.",
    ),
    Org(
        "fis",
        "Family Information Service",
        Sector.COUNCIL,
        "Free information about childcare, funded early education and the SEND Local Offer.",
    ),
    Org(
        "youth-service",
        "Youth Service",
        Sector.COUNCIL,
        "Youth centres and clubs for young people aged 11 to 19, and up to 25 with SEND.",
    ),
    Org(
        "sendiass",
        "SEND Information, Advice and Support Service",
        Sector.COUNCIL,
        "Impartial advice for parents and young people about special educational needs and "
        "disabilities, including EHC plans.",
    ),
    Org(
        "employment",
        "Employment and Skills Service",
        Sector.COUNCIL,
        "Help into work, training and apprenticeships for parents and young people.",
    ),
    Org(
        "idea-stores",
        "Idea Stores",
        Sector.COUNCIL,
        "The borough's libraries and learning centres, with free activities for children and "
        "courses for adults.",
    ),
    Org(
        "youth-justice",
        "Youth Justice Service",
        Sector.COUNCIL,
        "Works with young people in contact with the police or courts, and their families.",
    ),
    # NHS
    Org(
        "midwifery",
        "NHS Community Midwifery Team",
        Sector.NHS,
        "Community midwives who look after you in pregnancy and in the first weeks after birth.",
    ),
    Org(
        "health-visiting",
        "NHS Health Visiting Service",
        Sector.NHS,
        "Health visitors support every family with a child under five: development reviews, "
        "feeding, sleep and your own wellbeing.",
    ),
    Org(
        "camhs",
        "NHS Child and Adolescent Mental Health Service (CAMHS)",
        Sector.NHS,
        "Assessment and treatment for children and young people with emotional or mental health "
        "difficulties.",
    ),
    Org(
        "perinatal",
        "NHS Perinatal Mental Health Service",
        Sector.NHS,
        "Support for parents with mental health difficulties in pregnancy and in the first year "
        "after birth.",
    ),
    Org(
        "gp-federation",
        "Tower Hamlets GP Federation",
        Sector.NHS,
        "The borough's GP practices working together on child health clinics and extended hours.",
    ),
    Org(
        "infant-feeding",
        "NHS Infant Feeding and Wellbeing Service",
        Sector.NHS,
        "Breastfeeding and infant feeding support from pregnancy onwards.",
    ),
    Org(
        "slt",
        "NHS Children's Speech and Language Therapy",
        Sector.NHS,
        "Speech and language therapists who help children with talking, understanding and "
        "eating and drinking.",
    ),
    # Schools
    Org(
        "marner-primary",
        "Marner Primary School",
        Sector.SCHOOL,
        "A community primary school in Bromley-by-Bow with a family room and parents' groups.",
    ),
    Org(
        "globe-town-primary",
        "Globe Town Primary School",
        Sector.SCHOOL,
        "A primary school in Bethnal Green offering breakfast and after-school clubs.",
    ),
    Org(
        "wapping-riverside-primary",
        "Wapping Riverside Primary School",
        Sector.SCHOOL,
        "A primary school in Wapping with a parents' café and holiday activities.",
    ),
    Org(
        "limehouse-wharf-secondary",
        "Limehouse Wharf Secondary School",
        Sector.SCHOOL,
        "A secondary school for 11 to 18 year olds with a family support worker on site.",
    ),
    Org(
        "stepney-park-special",
        "Stepney Park Special School",
        Sector.SCHOOL,
        "A special school for children and young people aged 3 to 19 with complex needs.",
    ),
    # Police
    Org(
        "met-safer-schools",
        "Metropolitan Police Safer Schools Team",
        Sector.POLICE,
        "Safer Schools officers based in local secondary schools, working on safety and "
        "prevention.",
    ),
    Org(
        "met-youth-engagement",
        "Metropolitan Police Youth Engagement Team",
        Sector.POLICE,
        "Officers who run sports and mentoring sessions with young people across the borough.",
    ),
    # Housing associations
    Org(
        "riverside-estates",
        "Riverside Estates Housing Association",
        Sector.HOUSING,
        "A housing association with homes across the south of the borough and a tenancy "
        "support team.",
    ),
    Org(
        "bow-common-housing",
        "Bow Common Housing Trust",
        Sector.HOUSING,
        "A community housing trust in Bow running youth and family activities on its estates.",
    ),
    Org(
        "isle-community-homes",
        "Isle of Dogs Community Homes",
        Sector.HOUSING,
        "A resident-led housing association on the Isle of Dogs.",
    ),
    Org(
        "limehouse-housing",
        "Limehouse Housing Association",
        Sector.HOUSING,
        "Homes and money advice for tenants in Limehouse and Poplar.",
    ),
    # Voluntary and community sector
    Org(
        "bengali-womens-network",
        "Brick Lane Bengali Women's Network",
        Sector.VOLUNTARY,
        "Groups, advice and friendship for Bengali-speaking women and their families.",
    ),
    Org(
        "bangladeshi-parents",
        "Stepney Bangladeshi Parents Association",
        Sector.VOLUNTARY,
        "Parent-led support for Bangladeshi families, in Bengali and Sylheti.",
    ),
    Org(
        "somali-families",
        "East London Somali Families Forum",
        Sector.VOLUNTARY,
        "Advice, parenting groups and youth work for Somali families, in Somali and English.",
    ),
    Org(
        "somali-womens-group",
        "Poplar Somali Women's Group",
        Sector.VOLUNTARY,
        "A welcoming group for Somali mothers: coffee mornings, ESOL and health talks.",
    ),
    Org(
        "safe-haven",
        "Safe Haven East London",
        Sector.VOLUNTARY,
        "A domestic abuse charity offering advice, safety planning and recovery groups.",
    ),
    Org(
        "food-bank",
        "Tower Hamlets Community Food Bank",
        Sector.VOLUNTARY,
        "Emergency food parcels and help with the money problems behind them.",
    ),
    Org(
        "limehouse-youth",
        "Limehouse Youth Club Trust",
        Sector.VOLUNTARY,
        "A youth club charity running evening clubs, sport and mentoring.",
    ),
    Org(
        "send-forum",
        "East End SEND Parent Carer Forum",
        Sector.VOLUNTARY,
        "Parents and carers of children with SEND supporting each other and shaping local "
        "services.",
    ),
    Org(
        "money-matters",
        "Money Matters East End",
        Sector.VOLUNTARY,
        "Free, confidential debt and benefits advice.",
    ),
    Org(
        "bow-play",
        "Bow Community Play Association",
        Sector.VOLUNTARY,
        "Adventure play and holiday schemes for children aged 5 to 14.",
    ),
    Org(
        "dads-network",
        "Whitechapel Dads Network",
        Sector.VOLUNTARY,
        "Activities and peer support for dads and male carers.",
        PENDING,
    ),
    Org(
        "stepping-stones",
        "Stepping Stones Home Visiting",
        Sector.VOLUNTARY,
        "Trained volunteers who visit families with young children at home.",
    ),
    Org(
        "young-carers",
        "East London Young Carers Project",
        Sector.VOLUNTARY,
        "Support, breaks and activities for young carers aged 8 to 18.",
    ),
    Org(
        "autism-support",
        "Mile End Autism Support Group",
        Sector.VOLUNTARY,
        "Peer support and workshops for families of autistic children.",
    ),
    Org(
        "docklands-learning",
        "Docklands Family Learning Trust",
        Sector.VOLUNTARY,
        "Family learning, ESOL and digital skills courses for parents.",
    ),
    Org(
        "shadwell-sports",
        "Shadwell Sports Association",
        Sector.VOLUNTARY,
        "Low-cost football, netball and cricket for children and young people.",
    ),
    # Faith groups
    Org(
        "whitechapel-masjid-trust",
        "Whitechapel Masjid Community Trust",
        Sector.FAITH,
        "Family support, supplementary classes and a women's circle.",
    ),
    Org(
        "poplar-methodist",
        "Poplar Methodist Mission",
        Sector.FAITH,
        "A church community running a toddler group, a community meal and a clothes bank.",
    ),
    Org(
        "bow-baptist",
        "Bow Baptist Family Ministry",
        Sector.FAITH,
        "Holiday clubs and a parent and toddler group, open to all.",
    ),
    Org(
        "isle-churches",
        "Isle of Dogs Churches Together",
        Sector.FAITH,
        "Churches on the Isle of Dogs working together on a food pantry and youth work.",
    ),
    # Private providers
    Org(
        "little-acorns",
        "Little Acorns Day Nursery",
        Sector.PRIVATE,
        "A day nursery in Bow taking funded two, three and four year olds.",
    ),
    Org(
        "riverside-swim",
        "Riverside Swim School",
        Sector.PRIVATE,
        "Swimming lessons for babies, children and families.",
    ),
    Org(
        "bright-futures",
        "Bright Futures Tutoring",
        Sector.PRIVATE,
        "Small-group tutoring in English and maths for primary and secondary pupils.",
        PENDING,
    ),
    Org(
        "kiddi-kingdom",
        "Kiddi Kingdom Soft Play",
        Sector.PRIVATE,
        "An indoor soft play centre with sessions for under-fives and SEND families.",
    ),
]


def load_organisations(la: LocalAuthority) -> dict[str, Organisation]:
    """Create or refresh the demo organisations, keyed as in ORGANISATIONS."""
    loaded = {}
    for number, org in enumerate(ORGANISATIONS):
        loaded[org.key], _ = Organisation.objects.update_or_create(
            id=demo_id("organisation", org.key),
            defaults={
                "local_authority": la,
                "name": org.name,
                "slug": org.slug,
                "sector": org.sector,
                "description": org.description,
                "email": f"{org.key}@example.org",
                # One drama number per organisation, stable while the list only grows at the end.
                "phone": f"020 7946 0{100 + number:03d}",
                "website": f"https://{org.key}.example.org/",
                "status": org.status,
            },
        )
    return loaded
