"""Realistic fake people of Tanger-Tétouan-Al Hoceïma, for the demo, tests and benchmarks; no real person.

`population(count, seed)` gives `count` records, reproducible from the seed: mostly distinct people (about
60 % women; Arabic names with the Latin spellings people really write; CINs like K123456 or LB234567; mobile
phones 06/07 in E.164; birth dates of adults, some known by year only) plus, when asked, known traps for
duplicate detection. Each record says which real person it is (`person`) and why it is there (`kind`):
- `duplicate`: the same person registered again, spelt otherwise (other script, other transliteration,
  family name first, a typo, Arabic written with or without hamza, diacritics, tatweel, ال detached), often
  without the CIN, sometimes with another phone or a birth date missing or mistyped;
- `namesake`: another person with the same name, a different CIN, sometimes the same birth date;
- `relative`: a mother, daughter, sister or brother who shares the family's phone and family name.
"""

import datetime
import random
from dataclasses import dataclass

# (Arabic, Latin spellings in use, most common first). Compound names keep their spaces.
WOMEN = [
    ("فاطمة", ["Fatima", "Fatma", "Fatimah"]), ("فاطمة الزهراء", ["Fatima-Zahra", "Fatimazahra", "Fatima Ezzahra", "Fatima Zohra"]),
    ("خديجة", ["Khadija", "Khadidja"]), ("عائشة", ["Aicha", "Aïcha", "Aisha"]), ("مريم", ["Meryem", "Meriem", "Maryam"]),
    ("زينب", ["Zineb", "Zainab", "Zaynab"]), ("نعيمة", ["Naima", "Naïma"]), ("فتيحة", ["Fatiha"]),
    ("حفيظة", ["Hafida", "Hafidha"]), ("رشيدة", ["Rachida", "Rashida"]), ("سعيدة", ["Saida", "Saïda"]),
    ("مليكة", ["Malika"]), ("لطيفة", ["Latifa"]), ("كريمة", ["Karima"]), ("نجاة", ["Najat", "Najate", "Nadjat"]),
    ("حياة", ["Hayat", "Hayate"]), ("وفاء", ["Ouafae", "Wafae", "Wafaa", "Wafa"]), ("أسماء", ["Asmae", "Asmaa", "Asma"]),
    ("سناء", ["Sanae", "Sanaa", "Sana"]), ("هدى", ["Houda", "Hoda"]), ("سمية", ["Soumia", "Soumaya", "Soumiya"]),
    ("إيمان", ["Imane", "Iman"]), ("إلهام", ["Ilham", "Ilhame"]), ("حنان", ["Hanane", "Hanan"]), ("سهام", ["Siham", "Sihame"]),
    ("نادية", ["Nadia", "Nadya"]), ("ربيعة", ["Rabia", "Rabiaa"]), ("يامنة", ["Yamna", "Yamina"]), ("رقية", ["Rkia", "Rokaya"]),
    ("زهرة", ["Zahra", "Zohra"]), ("أمينة", ["Amina"]), ("حليمة", ["Halima"]), ("السعدية", ["Saadia", "Essaadia"]),
    ("نزهة", ["Nezha", "Nazha"]), ("بشرى", ["Bouchra", "Bochra"]), ("كوثر", ["Kaoutar", "Kawtar", "Kaouthar"]),
    ("شيماء", ["Chaimae", "Chaima", "Chaymae"]), ("هاجر", ["Hajar"]), ("سلمى", ["Salma"]), ("أميمة", ["Oumaima", "Oumayma"]),
    ("ابتسام", ["Btissam", "Ibtissam"]), ("نوال", ["Naoual", "Nawal"]), ("سعاد", ["Souad"]), ("جميلة", ["Jamila", "Djamila"]),
    ("ثريا", ["Touria", "Thouraya"]), ("رحمة", ["Rahma"]), ("منية", ["Mounia", "Monia"]), ("لبنى", ["Loubna", "Lobna"]),
    ("إكرام", ["Ikram", "Ikrame"]), ("نسرين", ["Nisrine", "Nesrine"]), ("خولة", ["Khaoula", "Khawla"]),
    ("صفاء", ["Safae", "Safaa"]), ("حسناء", ["Hasna", "Hassna"]), ("مينة", ["Mina"]), ("فضيلة", ["Fadila", "Fadhila"]),
    ("يطو", ["Itto", "Ittou"]), ("ميمونة", ["Mimouna"]), ("أمال", ["Amal"]), ("غيثة", ["Ghita"]),
]  # fmt: skip
MEN = [
    ("محمد", ["Mohamed", "Mohammed", "Muhammad", "Mohamad"]), ("امحمد", ["Mhamed", "M'hamed"]), ("أحمد", ["Ahmed", "Ahmad"]),
    ("يوسف", ["Youssef", "Youssouf", "Yusuf", "Youcef"]), ("عبد الله", ["Abdellah", "Abdallah", "Abdelah"]),
    ("عبد الرحيم", ["Abderrahim", "Abderahim"]), ("عبد الرحمن", ["Abderrahmane", "Abderrahman"]),
    ("عبد القادر", ["Abdelkader", "Abd El Kader"]), ("عبد الكريم", ["Abdelkrim", "Abdelkarim"]),
    ("عبد السلام", ["Abdeslam", "Abdessalam", "Abdesslam"]), ("عبد العزيز", ["Abdelaziz", "Abdel Aziz"]),
    ("عبد اللطيف", ["Abdellatif", "Abdelatif"]), ("حسن", ["Hassan", "Hasan"]), ("الحسين", ["Lahoucine", "El Houcine", "Houcine"]),
    ("إدريس", ["Driss", "Idriss", "Idris"]), ("مصطفى", ["Mustapha", "Moustapha", "Mostafa"]), ("عمر", ["Omar"]),
    ("علي", ["Ali"]), ("خالد", ["Khalid", "Khaled"]), ("رشيد", ["Rachid", "Rashid"]), ("سعيد", ["Said", "Saïd"]),
    ("كريم", ["Karim"]), ("نبيل", ["Nabil"]), ("هشام", ["Hicham", "Hisham"]), ("جمال", ["Jamal", "Djamal"]),
    ("عثمان", ["Othmane", "Otmane"]), ("إسماعيل", ["Ismail", "Smail", "Ismaïl"]), ("إبراهيم", ["Brahim", "Ibrahim"]),
    ("المهدي", ["El Mehdi", "Mehdi", "Elmahdi"]), ("ياسين", ["Yassine", "Yacine", "Yasin"]), ("أيوب", ["Ayoub", "Ayyoub"]),
    ("حمزة", ["Hamza"]), ("زكرياء", ["Zakaria", "Zakariae", "Zakariya"]), ("أنس", ["Anas"]), ("بلال", ["Bilal"]),
    ("عزيز", ["Aziz"]), ("العربي", ["Larbi", "El Arbi"]), ("محسن", ["Mohcine", "Mohsine"]), ("منير", ["Mounir"]),
    ("طارق", ["Tarik", "Tariq"]), ("سفيان", ["Soufiane", "Sofiane"]), ("أمين", ["Amine"]), ("مراد", ["Mourad"]),
    ("عادل", ["Adil", "Adel"]), ("توفيق", ["Taoufik", "Toufik"]), ("عبد الحميد", ["Abdelhamid"]), ("المختار", ["Mokhtar", "El Mokhtar"]),
    ("بوشتى", ["Bouchta"]), ("الطيب", ["Tayeb", "Taieb"]), ("نور الدين", ["Noureddine", "Nour-Eddine", "Nourdine"]),
]  # fmt: skip
FAMILIES = [
    ("العلمي", ["El Alami", "Alami", "Elalami", "Lalami"]), ("الإدريسي", ["El Idrissi", "Idrissi", "Elidrissi"]),
    ("البقالي", ["El Bakkali", "Bakkali", "Baqqali"]), ("التمسماني", ["Temsamani", "Timsamani"]),
    ("الخمليشي", ["El Khamlichi", "Khamlichi"]), ("الورياغلي", ["Ouariaghli", "El Ouariaghli", "Ouriaghli"]),
    ("أخريف", ["Akhrif"]), ("الحراق", ["El Harrak", "Harrak"]), ("العزوزي", ["Azzouzi", "El Azzouzi"]),
    ("الحمدوشي", ["El Hamdouchi", "Hamdouchi"]), ("أحميدوش", ["Ahmidouch"]), ("الشاوي", ["Chaoui", "Ech-Chaoui"]),
    ("بن عجيبة", ["Benajiba", "Ben Ajiba"]), ("بنعلي", ["Benali", "Ben Ali"]), ("بنعيسى", ["Benaissa", "Ben Aissa"]),
    ("المسعودي", ["El Messaoudi", "Messaoudi"]), ("الطاهري", ["Tahiri", "Ettahiri"]), ("المنصوري", ["El Mansouri", "Mansouri"]),
    ("العمراني", ["El Amrani", "Amrani", "Lamrani"]), ("أفيلال", ["Afailal", "Afilal"]), ("بولعيش", ["Boulaich"]),
    ("الزياني", ["Zyani", "Ziani"]), ("اليعقوبي", ["El Yaakoubi", "Yacoubi"]), ("الخطابي", ["El Khattabi", "Khattabi"]),
    ("الريفي", ["Rifi", "Errifi"]), ("الوزاني", ["Ouazzani", "El Ouazzani", "Wazzani"]), ("الصنهاجي", ["Senhaji", "Sanhaji"]),
    ("الغزاوي", ["Ghazaoui", "El Ghazaoui"]), ("الحسني", ["El Hassani", "Hassani"]), ("بوزيان", ["Bouziane"]),
    ("الجبلي", ["Jebli", "El Jebli"]), ("المرابط", ["Mrabet", "El Mrabet"]), ("الأندلسي", ["Andaloussi", "El Andaloussi"]),
    ("أبركان", ["Aberkane", "Abarkan"]), ("البوعزاوي", ["Bouazzaoui"]), ("التطواني", ["Tetouani", "Ettetouani"]),
    ("الطنجاوي", ["Tanjaoui"]), ("أمزيان", ["Amziane", "Amezian"]), ("بوحديد", ["Bouhdid"]), ("الحداد", ["Haddad", "El Haddad"]),
    ("الكتاني", ["Kettani", "El Kettani"]), ("الساحلي", ["Sahli", "Essahli"]), ("الدريوش", ["Driouch"]),
    ("الحجاجي", ["Hajjaji", "El Hajjaji"]), ("الأزرق", ["Azrak", "El Azrak"]), ("بنموسى", ["Benmoussa", "Ben Moussa"]),
    ("بنشقرون", ["Benchekroun", "Bencheqroun"]), ("العثماني", ["El Othmani", "Othmani"]), ("السلاوي", ["Slaoui"]),
    ("الرحموني", ["Rahmouni", "Errahmouni"]), ("القاسمي", ["Kasmi", "El Kasmi", "Qasmi"]), ("الشرقاوي", ["Cherkaoui", "Charkaoui"]),
    ("الغماري", ["Ghmari", "El Ghomari"]), ("الزروالي", ["Zerouali", "Zeroual"]), ("الشعيري", ["Chaairi"]),
    ("أجانا", ["Ajana"]), ("الحيحي", ["Hihi"]), ("المودن", ["El Mouden", "Mouden"]), ("الفتوح", ["Fettouh"]),
    ("القشاش", ["Kachach"]), ("بوعسرية", ["Bouassria"]), ("الموساوي", ["Moussaoui", "El Moussaoui"]),
    ("الهواري", ["El Houari", "Houari"]), ("الصبيحي", ["Sbihi", "Essbihi"]), ("البوزيدي", ["Bouzidi", "El Bouzidi"]),
    ("الشنتوف", ["Chentouf"]), ("الزكاري", ["Zekkari", "Zakkari"]), ("العيساوي", ["Aissaoui", "El Aissaoui"]),
    ("البردعي", ["Berdai", "El Berdai"]), ("الزبيري", ["Zbiri", "Ezzbiri"]), ("المساري", ["Messari", "El Messari"]),
    ("الدحماني", ["Dahmani"]), ("اليملاحي", ["Yemlahi", "El Yamlahi"]), ("الفلوس", ["Fellous"]), ("التوزاني", ["Touzani", "Ettouzani"]),
    ("الريسوني", ["Raissouni", "Errissouni"]), ("الوهابي", ["Ouahabi", "El Ouahabi"]), ("بنعمر", ["Benamar", "Ben Amar"]),
    ("البويحياوي", ["Bouyahyaoui"]), ("الحمامي", ["Hammami", "El Hammami"]), ("القرقري", ["Guerguri", "Kerkri"]),
    ("المريني", ["Merini", "El Merini"]), ("النقاش", ["Naqqach", "Ennakkach"]), ("الغرباوي", ["Gharbaoui", "El Gharbaoui"]),
    ("الشيخي", ["Chikhi", "Echchikhi"]), ("المنتصر", ["Mountassir", "El Mountassir"]), ("بوعزة", ["Bouazza"]),
    ("الكرومي", ["Karroumi", "El Karroumi"]), ("الحضري", ["Hadri", "El Hadri"]), ("الطريبق", ["Tribak", "Ettribak"]),
    ("الصمدي", ["Samadi", "Essamadi"]), ("أقلعي", ["Aklai", "Aqallai"]), ("الصالحي", ["Salhi", "Essalhi"]),
    ("الوكيلي", ["Ouakili", "El Ouakili"]), ("الزرهوني", ["Zerhouni"]), ("الكوهن", ["Kohen", "El Kouhen"]),
]  # fmt: skip
# Names a relative may carry that are easily taken for the person's own (the hard negatives).
CONFUSABLE = {
    "فاطمة": ["فتيحة", "فاطمة الزهراء"], "فتيحة": ["فاطمة"], "كريمة": ["كريم"], "كريم": ["كريمة"],
    "سعيدة": ["سعيد"], "سعيد": ["سعيدة"], "رشيدة": ["رشيد"], "رشيد": ["رشيدة"], "محمد": ["أحمد", "امحمد"],
    "أحمد": ["محمد"], "حسن": ["الحسين", "حسناء"], "أمينة": ["أمين", "مينة"], "أمين": ["أمينة"], "نجاة": ["حياة"],
    "جميلة": ["جمال"], "جمال": ["جميلة"], "لطيفة": ["عبد اللطيف"], "عزيز": ["عبد العزيز"], "حليمة": ["مليكة"],
}  # fmt: skip
PROVINCES = [  # code, French, Arabic, weight (roughly the population)
    ("MA-TNG", "Tanger-Assilah", "طنجة أصيلة", 35), ("MA-TET", "Tétouan", "تطوان", 15), ("MA-LAR", "Larache", "العرائش", 13),
    ("MA-HOC", "Al Hoceïma", "الحسيمة", 10), ("MA-CHE", "Chefchaouen", "شفشاون", 10), ("MA-OUZ", "Ouezzane", "وزان", 7),
    ("MA-MDF", "M’diq-Fnideq", "المضيق الفنيدق", 6), ("MA-FAH", "Fahs-Anjra", "الفحص أنجرة", 4),
]  # fmt: skip
CIN_PREFIXES = ["K", "KA", "KB", "L", "LA", "LB", "LC", "LG", "R", "RA", "Z", "GN"]
TODAY = datetime.date(2025, 2, 4)  # the first caravan's first day: ages are counted from it

_BY_ARABIC = {ar: (ar, latin) for ar, latin in WOMEN + MEN}
_WEIGHTS = {}


@dataclass
class FakePerson:
    id: int
    person: int  # the real person: records of one person share it
    kind: str  # original, duplicate, namesake, relative
    gender: str  # "f" or "m"
    first: tuple  # (Arabic, [Latin spellings])
    family: tuple
    full_name_ar: str
    full_name_latin: str
    cin: str
    phone: str | None
    birth_date: datetime.date | None
    birth_year: int | None
    province: str  # ISO 3166-2 code


def population(count, seed=0, *, duplicates=0.06, namesakes=0.03, relatives=0.03):
    """`count` records: distinct people plus the given shares of duplicates, namesakes and relatives."""
    rng = random.Random(seed)
    traps = int(count * duplicates) + int(count * namesakes) + int(count * relatives)
    originals = [_person(rng, number) for number in range(count - traps)]
    records = list(originals)
    makers = (
        [_duplicate] * int(count * duplicates)
        + [_namesake] * int(count * namesakes)
        + [_relative] * int(count * relatives)
    )
    for number, maker in enumerate(makers, start=len(originals)):
        records.append(maker(rng, rng.choice(originals), number))
    rng.shuffle(records)
    for index, record in enumerate(records, start=1):
        record.id = index
    return records


def people(count, seed=0):
    """`count` distinct people, no traps: for the demo."""
    return population(count, seed, duplicates=0, namesakes=0, relatives=0)


def _person(rng, number, *, gender=None, family=None, first=None, phone=None, born=None):
    gender = gender or ("f" if rng.random() < 0.6 else "m")
    first = first or _zipf(rng, WOMEN if gender == "f" else MEN)
    family = family or _zipf(rng, FAMILIES)
    born = born or _birth(rng)
    year_only = rng.random() < 0.08
    return FakePerson(
        id=0,
        person=number,
        kind="original",
        gender=gender,
        first=first,
        family=family,
        full_name_ar=f"{first[0]} {family[0]}",
        full_name_latin=f"{_spelling(rng, first)} {_spelling(rng, family).upper()}",
        cin=_cin(rng) if rng.random() < 0.9 else "",
        phone=phone or (_phone(rng) if rng.random() < 0.93 else None),
        birth_date=None if year_only else born,
        birth_year=born.year,
        province=rng.choices(PROVINCES, weights=[p[3] for p in PROVINCES])[0][0],
    )


def _duplicate(rng, original, number):
    record = FakePerson(**{**original.__dict__, "kind": "duplicate"})
    record.full_name_ar, record.full_name_latin = _respelt(rng, original)
    if original.cin and rng.random() < 0.75:
        record.cin = ""  # the usual case: the CIN was not asked the second time
    elif original.cin and rng.random() < 0.3:
        record.cin = _cin_written_otherwise(rng, original.cin)
    roll = rng.random()
    if roll < 0.10:
        record.phone = None
    elif roll < 0.15:
        record.phone = _phone(rng)
    roll = rng.random()
    if original.birth_date and roll < 0.08:
        record.birth_date = None
    elif original.birth_date and roll < 0.14:
        record.birth_date, record.birth_year = None, original.birth_date.year
    elif original.birth_date and roll < 0.19:
        record.birth_date = _slip(rng, original.birth_date)
        record.birth_year = record.birth_date.year
    if not (_same_phone(record, original) or _same_birth(record, original)):
        record.phone = original.phone or _phone(rng)  # both registrations then carry the family phone
        original.phone = record.phone
    return record


def _namesake(rng, original, number):
    born = original.birth_date if original.birth_date and rng.random() < 0.4 else None
    other = _person(
        rng, number, gender=original.gender, family=original.family, first=original.first, born=born
    )
    other.kind = "namesake"
    other.cin = _cin(rng)
    if not original.cin:
        original.cin = _cin(rng)  # namesakes are told apart by their CINs; both must have one
    if other.cin == original.cin:
        other.cin = other.cin[:-1] + str((int(other.cin[-1]) + 1) % 10)
    other.full_name_latin = f"{_spelling(rng, original.first)} {_spelling(rng, original.family).upper()}"
    return other


def _relative(rng, original, number):
    if not original.phone:
        original.phone = _phone(rng)
    first = None
    if rng.random() < 0.35 and original.first[0] in CONFUSABLE:
        first = _BY_ARABIC[rng.choice(CONFUSABLE[original.first[0]])]
    gender = ("f" if first in WOMEN else "m") if first else ("f" if rng.random() < 0.6 else "m")
    if first is None:
        while first is None or first[0] == original.first[0]:
            first = _zipf(rng, WOMEN if gender == "f" else MEN)
    base = original.birth_date or datetime.date(original.birth_year, 6, 15)
    gap = rng.choice([-1, 1]) * rng.choice([rng.randint(1, 12), rng.randint(18, 32)])
    born = _clamped(rng, base.year + gap)
    other = _person(
        rng, number, gender=gender, family=original.family, first=first, phone=original.phone, born=born
    )
    other.kind = "relative"
    if rng.random() < 0.4:
        other.cin = ""  # a daughter registered by her mother, without her card
    return other


def _respelt(rng, original):
    """Another way of writing the same name: script, transliteration, order, typo, Arabic variants."""
    first_ar, family_ar = original.first[0], original.family[0]
    first_lat, family_lat = (
        _spelling(rng, original.first, other=True),
        _spelling(rng, original.family, other=True),
    )
    swapped = rng.random() < 0.25
    latin = f"{family_lat} {first_lat}" if swapped else f"{first_lat} {family_lat}"
    arabic = (
        f"{_arabic_variant(rng, family_ar)} {_arabic_variant(rng, first_ar)}"
        if swapped and rng.random() < 0.5
        else (f"{_arabic_variant(rng, first_ar)} {_arabic_variant(rng, family_ar)}")
    )
    if rng.random() < 0.2:
        latin = _typo(rng, latin)
    if rng.random() < 0.1:
        arabic = _arabic_typo(rng, arabic)
    latin = latin.upper() if rng.random() < 0.3 else latin
    script = rng.random()
    if script < 0.3:
        return arabic, ""
    if script < 0.6:
        return "", latin
    return arabic, latin


def _spelling(rng, name, other=False):
    spellings = name[1]
    if other and len(spellings) > 1 and rng.random() < 0.7:
        return rng.choice(spellings[1:])
    return spellings[0] if rng.random() < 0.7 else rng.choice(spellings)


def _arabic_variant(rng, text):
    """The same Arabic name as people type it: hamza dropped, ة as ه, ى as ي, ال detached, diacritics, tatweel."""
    roll = rng.random()
    if roll < 0.25:
        text = text.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا")
    elif roll < 0.4:
        text = text.replace("ة", "ه").replace("ى", "ي")
    elif roll < 0.5:
        text = (
            text.replace("عبد ال", "عبدال").replace("بن ", "بن")
            if " " in text
            else text.replace("ال", "ال ", 1)
        )
    elif roll < 0.58:
        text = text.replace("م", "مـ").replace("ح", "حـ")
    elif roll < 0.65:
        text = text.replace("م", "مُ").replace("د", "دْ").replace("ف", "فَ")
    return text


def _typo(rng, text):
    letters = list(text)
    positions = [i for i, ch in enumerate(letters) if ch.isalpha()]
    if len(positions) < 4:
        return text
    i = rng.choice(positions[1:-1])
    kind = rng.random()
    if kind < 0.3 and letters[i].lower() in "aeiou":
        letters[i] = rng.choice("aeiou")  # vowels are where spellings wander most
    elif kind < 0.5:
        letters.insert(i, letters[i])  # a doubled letter
    elif kind < 0.7 and letters[i + 1].isalpha():
        letters[i], letters[i + 1] = letters[i + 1], letters[i]
    elif kind < 0.85:
        del letters[i]
    else:
        letters[i] = rng.choice("abcdefghijklmnopqrstuvwxyz")
    return "".join(letters)


def _arabic_typo(rng, text):
    letters = list(text)
    positions = [i for i, ch in enumerate(letters) if ch != " "]
    i = rng.choice(positions[1:-1] or positions)
    if rng.random() < 0.5 and letters[i] in "اوي":
        del letters[i]  # a long vowel left out
    else:
        letters.insert(i, letters[i])
    return "".join(letters)


def _zipf(rng, names):
    """Common names first: first names very concentrated (Mohamed, Fatima), family names much less."""
    exponent = 0.5 if names is FAMILIES else 0.9
    weights = _WEIGHTS.setdefault(id(names), [1 / (rank + 1) ** exponent for rank in range(len(names))])
    return rng.choices(names, weights=weights)[0]


def _birth(rng):
    age = min(70, max(18, int(rng.gauss(38, 11))))
    return _clamped(rng, TODAY.year - age)


def _clamped(rng, year):
    year = min(TODAY.year - 18, max(TODAY.year - 75, year))
    return datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))


def _cin(rng):
    prefix = rng.choice(CIN_PREFIXES)
    return prefix + "".join(
        str(rng.randint(0, 9)) for _ in range(6 if len(prefix) == 1 else rng.choice([5, 6]))
    )


def _cin_written_otherwise(rng, cin):
    """The same CIN as written on another form: lower case, spaces, a dash, Arabic-Indic digits."""
    letters = cin.rstrip("0123456789")
    digits = cin[len(letters) :]
    return rng.choice(
        [
            f"{letters.lower()}{digits}",
            f"{letters} {digits}",
            f"{letters}-{digits}",
            letters + digits.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
        ]
    )


# The first three digits of Moroccan mobile numbers that libphonenumber (`phonenumbers`) knows as mobile
# (06 but 068[356]; 070-072 but 0729, 0730-0731, 0750-0755, 076-078): a fake number must read as valid.
MOBILE_PREFIXES = (
    [f"6{d:02d}" for d in range(100) if d not in (83, 85, 86)]
    + [f"7{d:02d}" for d in range(29)]
    + ["730", "731", *(f"75{d}" for d in range(6)), *(f"7{d}" for d in range(60, 90))]
)


def _phone(rng):
    return f"+212{rng.choice(MOBILE_PREFIXES)}{rng.randint(0, 999_999):06d}"


def _slip(rng, date):
    if date.day <= 12 and date.day != date.month and rng.random() < 0.5:
        return date.replace(day=date.month, month=date.day)  # day and month swapped
    digit = rng.choice([d for d in range(10) if d != date.year % 10])
    return date.replace(year=date.year - date.year % 10 + digit)  # one digit of the year


def _same_phone(a, b):
    return bool(a.phone) and a.phone == b.phone


def _same_birth(a, b):
    return bool(a.birth_date) and a.birth_date == b.birth_date
