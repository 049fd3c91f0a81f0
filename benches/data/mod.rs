//! Data for the throughput benchmark, written as CSV.
//!
//! `realistic` is what a real export of a workspace tool looks like: mostly distinct values,
//! drawn from large pools and combined per row (names from the name lists plus made-up ones,
//! accented spellings, streets from surnames, cities from syllables), real-looking e-mails
//! and phone numbers in seven countries' formats, IBANs with valid checksums, usernames of
//! the people who created each row, and one to three sentences of free text in seven
//! languages, a few percent of which mention an illness, a pregnancy or a disability.
//!
//! `repeated` is the benchmark's old data: eight first names, eight last names, one city, six
//! notes. The scanner caches verdicts on repeated values, so it measures the cache.

use std::io::{self, Write};

/// A small deterministic generator (PCG-style LCG), so every run writes the same file.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let x = self.0;
        (x ^ (x >> 29)).wrapping_mul(0xBF58_476D_1CE4_E5B9) >> 16
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Pools of names, streets and cities built once from the name lists plus generated words.
pub struct Pools {
    first: Vec<String>,
    last: Vec<String>,
    cities: Vec<String>,
}

const ACCENTED_FIRST: [&str; 24] = [
    "Zoë",
    "Chloé",
    "Léa",
    "Jérôme",
    "Frédéric",
    "Hélène",
    "Agnès",
    "Björn",
    "Jürgen",
    "Sören",
    "Małgorzata",
    "Łukasz",
    "Paweł",
    "Józef",
    "Søren",
    "Ángel",
    "José",
    "María",
    "Inés",
    "Nicolò",
    "Mattéo",
    "Anaïs",
    "Gaëlle",
    "Renée",
];
const ACCENTED_LAST: [&str; 24] = [
    "Müller",
    "Schäfer",
    "Köhler",
    "Weiß",
    "Groß",
    "Jäger",
    "Böhm",
    "Krüger",
    "Lefèvre",
    "Girard-Lefèbvre",
    "Bézier",
    "García",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Núñez",
    "Wiśniewski",
    "Wójcik",
    "Kamiński",
    "Dąbrowski",
    "Zieliński",
    "D'Angelo",
    "Nicolò",
];
const SYLLABLES: [&str; 40] = [
    "ka", "ra", "lo", "mi", "ne", "sta", "ber", "win", "dor", "fel", "ga", "hol", "ik", "jo", "ku",
    "lan", "mar", "nor", "os", "pe", "quin", "ros", "sel", "tor", "ul", "ven", "wa", "xa", "yo",
    "zen", "bri", "cas", "del", "em", "fri", "gun", "har", "ist", "jen", "kol",
];

fn capitalise(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn made_up_word(rng: &mut Rng, syllables: usize) -> String {
    let mut w = String::new();
    for _ in 0..syllables {
        w.push_str(SYLLABLES[rng.below(SYLLABLES.len())]);
    }
    capitalise(&w)
}

impl Pools {
    /// `first` and `last` are the scanner's name lists (folded, lowercase).
    pub fn new<'a>(
        first: impl Iterator<Item = &'a String>,
        last: impl Iterator<Item = &'a String>,
    ) -> Self {
        let mut rng = Rng::new(7);
        let mut first: Vec<String> = first.map(|n| capitalise(n)).collect();
        let mut last: Vec<String> = last.map(|n| capitalise(n)).collect();
        first.sort();
        last.sort();
        first.extend(ACCENTED_FIRST.iter().map(|s| s.to_string()));
        last.extend(ACCENTED_LAST.iter().map(|s| s.to_string()));
        // Names no list knows: a real export always has some.
        for _ in 0..first.len() / 3 {
            let n = 2 + rng.below(2);
            first.push(made_up_word(&mut rng, n));
        }
        for _ in 0..last.len() / 3 {
            let n = 2 + rng.below(3);
            last.push(made_up_word(&mut rng, n));
        }
        let cities = (0..3000)
            .map(|_| {
                let n = 2 + rng.below(3);
                let suffix = [
                    "", "burg", "dorf", "ville", "ow", "hausen", " am See", "ingen",
                ][rng.below(8)];
                format!("{}{suffix}", made_up_word(&mut rng, n))
            })
            .collect();
        Pools {
            first,
            last,
            cities,
        }
    }
}

const DOMAINS: [&str; 16] = [
    "gmail.com",
    "web.de",
    "gmx.de",
    "gmx.net",
    "outlook.com",
    "hotmail.com",
    "yahoo.es",
    "orange.fr",
    "free.fr",
    "libero.it",
    "virgilio.it",
    "ziggo.nl",
    "kpnmail.nl",
    "wp.pl",
    "onet.pl",
    "icloud.com",
];

/// Lowercase ASCII for the local part of an address.
fn ascii_lower(s: &str) -> String {
    let folded = dpia::scan::text::fold(s);
    folded.replace(' ', "")
}

fn email(rng: &mut Rng, first: &str, last: &str) -> String {
    let (f, l) = (ascii_lower(first), ascii_lower(last));
    let domain = DOMAINS[rng.below(DOMAINS.len())];
    match rng.below(5) {
        0 => format!("{f}.{l}@{domain}"),
        1 => format!("{f}.{l}{}@{domain}", rng.below(100)),
        2 => format!("{}{l}@{domain}", f.chars().next().unwrap_or('x')),
        3 => format!("{f}_{l}{}@{domain}", 1950 + rng.below(60)),
        _ => format!("{l}.{f}@{domain}"),
    }
}

fn digits(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + rng.below(10) as u8))
        .collect()
}

fn phone(rng: &mut Rng) -> String {
    match rng.below(9) {
        0 => format!("+49 {} {}", 30 + rng.below(70), digits(rng, 7)),
        1 => format!("0{} {}", 151 + rng.below(30), digits(rng, 8)),
        2 => format!(
            "+33 {} {} {} {} {}",
            6 + rng.below(2),
            digits(rng, 2),
            digits(rng, 2),
            digits(rng, 2),
            digits(rng, 2)
        ),
        3 => format!(
            "0{} {} {} {} {}",
            1 + rng.below(7),
            digits(rng, 2),
            digits(rng, 2),
            digits(rng, 2),
            digits(rng, 2)
        ),
        4 => format!("+44 7700 900{}", digits(rng, 3)),
        5 => format!("+39 3{} {}", digits(rng, 2), digits(rng, 7)),
        6 => format!("+31 6 {}", digits(rng, 8)),
        7 => format!(
            "+48 {} {} {}",
            500 + rng.below(300),
            digits(rng, 3),
            digits(rng, 3)
        ),
        _ => format!("(0{}) {}", 2000 + rng.below(7000), digits(rng, 6)),
    }
}

/// An IBAN with a valid MOD 97-10 check, in electronic or print form.
fn iban(rng: &mut Rng) -> String {
    let (country, bban) = match rng.below(5) {
        0 => ("DE", digits(rng, 18)),
        1 => ("ES", digits(rng, 20)),
        2 => ("PL", digits(rng, 24)),
        3 => ("FR", digits(rng, 23)),
        _ => {
            let bank = ["ABNA", "INGB", "RABO", "TRIO"][rng.below(4)];
            ("NL", format!("{bank}{}", digits(rng, 10)))
        }
    };
    let mut rem: u32 = 0;
    let rearranged = format!("{bban}{country}00");
    for c in rearranged.chars() {
        let v = if c.is_ascii_digit() {
            c as u32 - '0' as u32
        } else {
            c as u32 - 'A' as u32 + 10
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    let check = 98 - rem;
    let compact = format!("{country}{check:02}{bban}");
    if rng.chance(50) {
        compact
            .as_bytes()
            .chunks(4)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        compact
    }
}

fn street(rng: &mut Rng, pools: &Pools) -> String {
    let name = &pools.last[rng.below(pools.last.len())];
    let n = 1 + rng.below(180);
    match rng.below(7) {
        0 => format!("{name}straße {n}"),
        1 => format!("{n} {name} Street"),
        2 => format!("{n} rue {name}"),
        3 => format!("Calle {name} {n}"),
        4 => format!("Via {name} {n}"),
        5 => format!("{name}straat {n}"),
        _ => format!("ul. {name} {n}"),
    }
}

fn username(rng: &mut Rng, pools: &Pools) -> String {
    if rng.chance(4) {
        return ["system", "import", "cron", "api"][rng.below(4)].to_string();
    }
    let f = ascii_lower(&pools.first[rng.below(pools.first.len())]);
    let l = ascii_lower(&pools.last[rng.below(pools.last.len())]);
    match rng.below(3) {
        0 => format!("{f}.{l}"),
        1 => format!("{}{l}{}", f.chars().next().unwrap_or('x'), rng.below(100)),
        _ => format!("{l}_{}{}", f.chars().next().unwrap_or('x'), rng.below(10)),
    }
}

/// Sentence templates per language: `{item}`, `{room}`, `{problem}`, `{day}` are filled
/// from the language's pools.
struct Language {
    templates: [&'static str; 4],
    items: [&'static str; 8],
    rooms: [&'static str; 6],
    problems: [&'static str; 6],
    days: [&'static str; 5],
    /// Sentences that mention health (Art. 9); a few percent of texts carry one.
    health: [&'static str; 4],
}

const LANGUAGES: [Language; 7] = [
    Language {
        templates: [
            "The {item} in the {room} has been {problem} since {day}.",
            "Please send someone to look at the {item}, it is {problem}.",
            "Since {day} the {item} in the {room} is {problem} again.",
            "Could you check the {item} in the {room}? It is {problem}.",
        ],
        items: [
            "window", "heating", "sink", "door", "boiler", "radiator", "shower", "light",
        ],
        rooms: [
            "kitchen",
            "bathroom",
            "bedroom",
            "hallway",
            "living room",
            "basement",
        ],
        problems: [
            "leaking",
            "broken",
            "stuck",
            "making noise",
            "cold",
            "loose",
        ],
        days: [
            "Monday",
            "last week",
            "yesterday",
            "the weekend",
            "two days",
        ],
        health: [
            "I am pregnant and the mould worries me.",
            "My son has asthma, so please hurry.",
            "I use a wheelchair and cannot reach the tap.",
            "My husband is on sick leave after surgery.",
        ],
    },
    Language {
        templates: [
            "Die {item} im {room} ist seit {day} {problem}.",
            "Bitte schicken Sie jemanden, die {item} ist {problem}.",
            "Seit {day} ist die {item} im {room} wieder {problem}.",
            "Können Sie die {item} im {room} prüfen? Sie ist {problem}.",
        ],
        items: [
            "Heizung",
            "Tür",
            "Dusche",
            "Spüle",
            "Lampe",
            "Therme",
            "Klingel",
            "Steckdose",
        ],
        rooms: [
            "Bad",
            "Flur",
            "Schlafzimmer",
            "Keller",
            "Wohnzimmer",
            "Treppenhaus",
        ],
        problems: ["kaputt", "undicht", "kalt", "laut", "locker", "verstopft"],
        days: [
            "Montag",
            "letzter Woche",
            "gestern",
            "dem Wochenende",
            "zwei Tagen",
        ],
        health: [
            "Ich bin schwanger und mache mir Sorgen wegen des Schimmels.",
            "Meine Tochter hat Asthma, bitte beeilen Sie sich.",
            "Ich sitze im Rollstuhl und komme nicht an den Schalter.",
            "Mein Mann ist nach der Operation krankgeschrieben.",
        ],
    },
    Language {
        templates: [
            "Le {item} de la {room} est {problem} depuis {day}.",
            "Merci d'envoyer quelqu'un, le {item} est {problem}.",
            "Depuis {day}, le {item} de la {room} est encore {problem}.",
            "Pouvez-vous vérifier le {item} de la {room} ? Il est {problem}.",
        ],
        items: [
            "radiateur",
            "robinet",
            "volet",
            "chauffe-eau",
            "plafonnier",
            "store",
            "évier",
            "interphone",
        ],
        rooms: [
            "cuisine",
            "salle de bain",
            "chambre",
            "cave",
            "entrée",
            "buanderie",
        ],
        problems: [
            "cassé",
            "bloqué",
            "bruyant",
            "froid",
            "en panne",
            "desserré",
        ],
        days: [
            "lundi",
            "la semaine dernière",
            "hier",
            "le week-end",
            "deux jours",
        ],
        health: [
            "Je suis enceinte et l'humidité m'inquiète.",
            "Mon fils est asthmatique, merci de faire vite.",
            "Je suis en fauteuil roulant et ne peux pas atteindre le robinet.",
            "Mon mari est en arrêt maladie depuis son opération.",
        ],
    },
    Language {
        templates: [
            "El {item} de la {room} está {problem} desde {day}.",
            "Por favor, envíen a alguien, el {item} está {problem}.",
            "Desde {day} el {item} de la {room} vuelve a estar {problem}.",
            "¿Pueden revisar el {item} de la {room}? Está {problem}.",
        ],
        items: [
            "grifo",
            "radiador",
            "calentador",
            "enchufe",
            "toldo",
            "timbre",
            "inodoro",
            "fregadero",
        ],
        rooms: [
            "cocina",
            "habitación",
            "entrada",
            "terraza",
            "sala",
            "despensa",
        ],
        problems: ["roto", "atascado", "frío", "suelto", "goteando", "averiado"],
        days: [
            "el lunes",
            "la semana pasada",
            "ayer",
            "el fin de semana",
            "dos días",
        ],
        health: [
            "Estoy embarazada y la humedad me preocupa.",
            "Mi hija tiene asma, por favor vengan pronto.",
            "Uso silla de ruedas y no llego al grifo.",
            "Mi marido está de baja médica tras la operación.",
        ],
    },
    Language {
        templates: [
            "Il {item} della {room} è {problem} da {day}.",
            "Per favore mandate qualcuno, il {item} è {problem}.",
            "Da {day} il {item} della {room} è di nuovo {problem}.",
            "Potete controllare il {item} della {room}? È {problem}.",
        ],
        items: [
            "rubinetto",
            "termosifone",
            "citofono",
            "lavandino",
            "boiler",
            "campanello",
            "balcone",
            "lampadario",
        ],
        rooms: [
            "cucina",
            "camera",
            "cantina",
            "sala",
            "mansarda",
            "lavanderia",
        ],
        problems: [
            "rotto",
            "bloccato",
            "freddo",
            "rumoroso",
            "allentato",
            "guasto",
        ],
        days: [
            "lunedì",
            "la settimana scorsa",
            "ieri",
            "il fine settimana",
            "due giorni",
        ],
        health: [
            "Sono incinta e la muffa mi preoccupa.",
            "Mio figlio ha l'asma, vi prego di fare presto.",
            "Sono in sedia a rotelle e non arrivo al rubinetto.",
            "Mio marito è in malattia dopo l'operazione.",
        ],
    },
    Language {
        templates: [
            "De {item} in de {room} is sinds {day} {problem}.",
            "Stuur alstublieft iemand, de {item} is {problem}.",
            "Sinds {day} is de {item} in de {room} weer {problem}.",
            "Kunt u de {item} in de {room} nakijken? Hij is {problem}.",
        ],
        items: [
            "kraan",
            "verwarming",
            "deur",
            "douche",
            "lamp",
            "ketel",
            "bel",
            "afvoer",
        ],
        rooms: [
            "keuken",
            "badkamer",
            "slaapkamer",
            "gang",
            "kelder",
            "woonkamer",
        ],
        problems: ["kapot", "lek", "koud", "los", "verstopt", "luidruchtig"],
        days: [
            "maandag",
            "vorige week",
            "gisteren",
            "het weekend",
            "twee dagen",
        ],
        health: [
            "Ik ben zwanger en maak me zorgen over de schimmel.",
            "Mijn zoon heeft astma, graag snel.",
            "Ik zit in een rolstoel en kan de kraan niet bereiken.",
            "Mijn man is ziek gemeld na de operatie.",
        ],
    },
    Language {
        templates: [
            "{item} w {room} jest {problem} od {day}.",
            "Proszę przysłać kogoś, {item} jest {problem}.",
            "Od {day} {item} w {room} znowu jest {problem}.",
            "Czy mogą Państwo sprawdzić {item} w {room}? Jest {problem}.",
        ],
        items: [
            "Kran", "Grzejnik", "Bojler", "Dzwonek", "Zlew", "Prysznic", "Gniazdko", "Okno",
        ],
        rooms: [
            "kuchni",
            "łazience",
            "sypialni",
            "piwnicy",
            "przedpokoju",
            "salonie",
        ],
        problems: [
            "zepsuty",
            "zablokowany",
            "zimny",
            "głośny",
            "luźny",
            "nieszczelny",
        ],
        days: [
            "poniedziałku",
            "zeszłego tygodnia",
            "wczoraj",
            "weekendu",
            "dwóch dni",
        ],
        health: [
            "Jestem w ciąży i martwię się pleśnią.",
            "Mój syn ma astmę, proszę się pospieszyć.",
            "Poruszam się na wózku inwalidzkim i nie sięgam kranu.",
            "Mój mąż jest na zwolnieniu lekarskim po operacji.",
        ],
    },
];

fn sentence(rng: &mut Rng, lang: &Language) -> String {
    let t = lang.templates[rng.below(4)];
    t.replace("{item}", lang.items[rng.below(8)])
        .replace("{room}", lang.rooms[rng.below(6)])
        .replace("{problem}", lang.problems[rng.below(6)])
        .replace("{day}", lang.days[rng.below(5)])
}

/// One to three sentences in one language; `health_percent` of texts mention health.
fn description(rng: &mut Rng, health_percent: usize) -> String {
    let lang = &LANGUAGES[rng.below(LANGUAGES.len())];
    let n = 1 + rng.below(3);
    let mut parts: Vec<String> = (0..n).map(|_| sentence(rng, lang)).collect();
    if rng.chance(health_percent) {
        let at = rng.below(parts.len() + 1);
        parts.insert(at, lang.health[rng.below(4)].to_string());
    }
    if rng.chance(10) {
        parts.push(format!("Ref {}.", 1000 + rng.below(90_000)));
    }
    parts.join(" ")
}

fn csv_quote(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The header of the realistic file.
pub const REALISTIC_HEADER: &str = "id,first_name,last_name,email,phone,street,city,iban,birth_date,created_at,created_by,description";

/// Percent of descriptions that mention health.
pub const HEALTH_PERCENT: usize = 3;

/// Writes `rows` realistic rows (with header).
pub fn write_realistic(w: &mut impl Write, rows: u64, pools: &Pools) -> io::Result<()> {
    let mut rng = Rng::new(2026);
    writeln!(w, "{REALISTIC_HEADER}")?;
    for i in 0..rows {
        let first = &pools.first[rng.below(pools.first.len())];
        let last = &pools.last[rng.below(pools.last.len())];
        let mail = email(&mut rng, first, last);
        let tel = phone(&mut rng);
        let street = street(&mut rng, pools);
        let city = &pools.cities[rng.below(pools.cities.len())];
        let iban = iban(&mut rng);
        let birth = if rng.chance(50) {
            format!(
                "{}-{:02}-{:02}",
                1940 + rng.below(68),
                1 + rng.below(12),
                1 + rng.below(28)
            )
        } else {
            format!(
                "{:02}.{:02}.{}",
                1 + rng.below(28),
                1 + rng.below(12),
                1940 + rng.below(68)
            )
        };
        let created = format!(
            "{}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            2024 + rng.below(3),
            1 + rng.below(12),
            1 + rng.below(28),
            rng.below(24),
            rng.below(60),
            rng.below(60)
        );
        let by = username(&mut rng, pools);
        let text = description(&mut rng, HEALTH_PERCENT);
        writeln!(
            w,
            "{},{},{},{mail},{tel},{},{},{iban},{birth},{created},{by},{}",
            100_000 + i,
            csv_quote(first),
            csv_quote(last),
            csv_quote(&street),
            csv_quote(city),
            csv_quote(&text)
        )?;
    }
    Ok(())
}

const FIRST: [&str; 8] = [
    "Anna", "Lukas", "Marie", "Jan", "Sofia", "Pierre", "Giulia", "Piotr",
];
const LAST: [&str; 8] = [
    "Müller", "Schmidt", "Dupont", "Rossi", "Nowak", "de Vries", "García", "Smith",
];
const NOTES: [&str; 6] = [
    "Heizung im Bad bleibt kalt.",
    "Fenster klemmt seit gestern, bitte prüfen.",
    "Schimmel im Schlafzimmer, ich habe Asthma.",
    "Water leaking under the kitchen sink since Monday.",
    "Call back on 0364624738 after 5pm.",
    "Keine Beanstandung.",
];

/// Writes `rows` rows of the old benchmark data (repeated names, one city, six notes).
pub fn write_repeated(w: &mut impl Write, rows: u64) -> io::Result<()> {
    writeln!(
        w,
        "id,first_name,last_name,email,phone,iban,city,status,amount_eur,created_at,ip,note"
    )?;
    let mut x: u64 = 42;
    for i in 0..rows {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let r = (x >> 33) as usize;
        writeln!(
            w,
            "{i},{},{},user{}@example.org,+49 30 {:07},DE89370400440532013000,Berlin,{},{}.{:02},2026-{:02}-{:02}T10:00:00,10.{}.{}.{},\"{}\"",
            FIRST[r % 8],
            LAST[(r / 8) % 8],
            r % 100_000,
            r % 10_000_000,
            ["open", "closed", "pending"][r % 3],
            r % 5000,
            r % 100,
            1 + r % 12,
            1 + r % 28,
            r % 256,
            (r / 256) % 256,
            (r / 65536) % 256,
            NOTES[r % 6],
        )?;
    }
    Ok(())
}

/// Columns of the `wide` data set.
pub const WIDE_COLUMNS: usize = 500;

/// Writes `rows` rows of a wide table: 500 columns of distinct short codes, the shape that
/// makes per-column memory (caches, distinct counts) add up.
pub fn write_wide(w: &mut impl Write, rows: u64) -> io::Result<()> {
    let header: Vec<String> = (0..WIDE_COLUMNS).map(|i| format!("field_{i}")).collect();
    writeln!(w, "{}", header.join(","))?;
    let mut rng = Rng::new(500);
    let mut line = String::new();
    for _ in 0..rows {
        line.clear();
        for c in 0..WIDE_COLUMNS {
            if c > 0 {
                line.push(',');
            }
            for _ in 0..8 {
                line.push(char::from(b'a' + rng.below(26) as u8));
            }
        }
        writeln!(w, "{line}")?;
    }
    Ok(())
}
