"""The demo network's cast: a town like Vilvoorde, drawn from the RAN LOCAL field guide."""

from __future__ import annotations

SLUG = "vilvoorde"
NAME = "Vilvoorde prevention network"
TIMEZONE = "Europe/Brussels"

# key: (name, sector, side, mandate)
ORGANISATIONS = {
    "city": ("City of Vilvoorde, prevention service", "local_authority", "formal",
             "Coordinates the local approach to polarisation and radicalisation for the mayor."),
    "atheneum": ("Royal Atheneum Vilvoorde", "education", "formal",
                 "Secondary education; pupil care team follows up early school leaving."),
    "college": ("Sint-Jozef College", "education", "formal", "Secondary education with a pupil guidance centre."),
    "police": ("Police zone Vilvoorde-Machelen", "police", "formal",
               "Local policing, neighbourhood officers, information position on radicalisation."),
    "cgg": ("Mental-health centre Vlaams-Brabant", "mental_health", "formal",
            "Outpatient mental-health care for young people and families."),
    "ocmw": ("Social welfare office", "social_work", "formal", "Social assistance, debt counselling, housing support."),
    "joc": ("Youth centre De Kade", "youth_work", "formal", "Open youth work, street work and homework support."),
    "justice": ("House of Justice Halle-Vilvoorde", "justice", "formal", "Probation and victim support."),
    "mosque": ("Mosque association Al Fath", "religious_community", "informal",
               "Religious services, Arabic lessons, youth activities."),
    "parish": ("Syriac Orthodox parish", "religious_community", "informal", "Parish life of the Syriac Christian community."),
    "fc": ("FC Vilvoorde youth academy", "sports_club", "informal", "Football for 300 young players aged 6 to 18."),
    "amal": ("Women's association Amal", "civil_society", "informal",
             "Meeting place and language classes for mothers; parenting support."),
}

# key: (name, organisation or None, function, sector, side, level, communities, email)
STAKEHOLDERS = {
    "els": ("Els Vermeulen", "city", "Head of prevention service", "local_authority", "formal", "strategic",
            ["Centrum"], "els.vermeulen@vilvoorde.example"),
    "pieter": ("Pieter Claes", "atheneum", "Principal", "education", "formal", "strategic",
               ["Centrum"], "principal@atheneum.example"),
    "samira": ("Samira El Idrissi", "atheneum", "Pupil care coordinator", "education", "formal", "operational",
               ["Far-West", "Moroccan-Belgian families"], "s.elidrissi@atheneum.example"),
    "lien": ("Lien De Smet", "college", "Pupil guidance counsellor", "education", "formal", "operational",
             ["Koningslo"], "lien.desmet@college.example"),
    "marc": ("Marc Peeters", "police", "Chief of police", "police", "formal", "strategic", ["Centrum"],
             "chief@pzvm.example"),
    "youssef": ("Youssef Amrani", "police", "Neighbourhood officer", "police", "formal", "operational",
                ["Far-West", "Muslim community"], "y.amrani@pzvm.example"),
    "hanne": ("Hanne Wouters", "cgg", "Child psychologist", "mental_health", "formal", "operational",
              ["Centrum"], "hanne.wouters@cgg.example"),
    "kristof": ("Kristof Janssens", "ocmw", "Social worker", "social_work", "formal", "operational",
                ["Far-West", "Sub-Saharan community"], "k.janssens@ocmw.example"),
    "karim": ("Karim Bouzid", "joc", "Street worker", "youth_work", "formal", "operational",
              ["Far-West", "Moroccan-Belgian families", "Muslim community"], "karim@dekade.example"),
    "nora": ("Nora Maes", "joc", "Youth centre director", "youth_work", "formal", "strategic", ["Centrum"],
             "nora@dekade.example"),
    "ann": ("Ann Goossens", "justice", "Probation officer", "justice", "formal", "operational", ["Centrum"],
            "ann.goossens@justice.example"),
    "imam": ("Imam Abdelkader Benali", "mosque", "Imam", "religious_community", "informal", "strategic",
             ["Muslim community"], ""),
    "hassan": ("Hassan Ouali", "mosque", "Youth secretary of the board", "religious_community", "informal",
               "operational", ["Muslim community", "Moroccan-Belgian families"], "hassan.ouali@mail.example"),
    "father": ("Father Gabriel Yousef", "parish", "Parish priest", "religious_community", "informal", "strategic",
               ["Syriac Christian community"], ""),
    "coach": ("Dries Van Damme", "fc", "Head youth coach", "sports_club", "informal", "operational",
              ["Koningslo", "Far-West"], "dries@fcv.example"),
    "fatima": ("Fatima Zahra", "amal", "Chair", "civil_society", "informal", "strategic",
               ["Moroccan-Belgian families", "Muslim community"], "fatima@amal.example"),
    "aminata": ("Aminata Diallo", None, "Mother and credible voice", "community_member", "informal", "operational",
                ["Sub-Saharan community"], ""),
    "jonas": ("Jonas Verhoeven", None, "Local journalist", "media", "informal", "operational", ["Centrum"],
              "jonas@regionews.example"),
    "mourad": ("Mourad Tahiri", None, "Shop owner and former youth worker", "business", "informal", "operational",
               ["Far-West", "Muslim community"], ""),
    "sofie": ("Sofie Lambrechts", "police", "Neighbourhood officer (successor)", "police", "formal", "operational",
              ["Far-West"], "s.lambrechts@pzvm.example"),
}

GROUPS = {
    "schools": ("Pupil care coordinators", "homogeneous", "early signals at school", "education",
                ["samira", "lien", "pieter"]),
    "youth": ("Youth and sports workers", "homogeneous", "youth at risk in Far-West", "youth_work",
              ["karim", "nora", "coach", "hassan"]),
    "together": ("Together we prevent", "heterogeneous", "one local approach", None,
                 ["samira", "youssef", "hanne", "kristof", "karim", "imam", "fatima", "coach", "ann"]),
}
