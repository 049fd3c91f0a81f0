//! Parse speed of the code-flow scan: generates a source tree of about 5 MB (Worker modules
//! with routes, D1 statements, fetches and logs; TSX components; HTML pages), scans it on one
//! core and prints files/s and MB/s; then times the default scan of the bundled example.
//! Run with `cargo bench --bench code_throughput`.

mod proc_stats;

use dpia::scan::{self, Dictionary, ScanInput, ScanOptions};
use proc_stats::{cpu_seconds, peak_rss_kib};
use std::path::Path;
use std::time::Instant;

fn worker(i: usize) -> String {
    format!(
        r#"import {{ Hono }} from "hono";
const app = new Hono();
const API_{i} = "https://api.example{i}.com/v1";
// https://docs.example.org/{i}
app.get("/api/items{i}", async (c) => {{
  const {{ results }} = await c.env.DB.prepare("SELECT id, name, email, note FROM items{i} WHERE owner = ?").bind(c.req.query("owner")).all();
  console.log(`listing ${{results.length}} items`);
  return c.json(results);
}});
app.post("/api/items{i}", async (c) => {{
  const body = await c.req.json();
  const res = await fetch(`${{API_{i}}}/enrich`, {{ method: "POST", body: JSON.stringify({{ name: body.name, email: body.email }}) }});
  const extra = await res.json();
  await c.env.DB.prepare("INSERT INTO items{i} (name, email, note) VALUES (?, ?, ?)").bind(body.name, body.email, extra.note).run();
  for (const tag of body.tags ?? []) {{
    if (tag.length > 20) {{ console.warn("long tag", tag.length); }}
  }}
  return c.json({{ ok: true }}, 201);
}});
export default app;
"#
    )
}

/// A larger Worker module as AI site builders write them: one file with many routes over
/// several tables, a third-party call and logs, each route distinct (table, fields, host).
fn big_worker(i: usize) -> String {
    let mut out = format!(
        "import {{ Hono }} from \"hono\";\nimport OpenAI from \"openai\";\nconst app = new Hono();\nconst openai = new OpenAI({{ apiKey: process.env.KEY_{i} }});\n"
    );
    let fields = [
        "name",
        "email",
        "phone",
        "street",
        "city",
        "birth_date",
        "iban",
        "note",
        "status",
        "created_by",
    ];
    for r in 0..40 {
        let t = format!("table_{i}_{r}");
        let a = fields[r % fields.len()];
        let b = fields[(r * 7 + 3) % fields.len()];
        out.push_str(&format!(
            r#"
/** Route {r} of module {i}: lists and updates {t}. */
app.get("/api/{t}/:id", async (c) => {{
  const id = c.req.param("id");
  if (!c.req.header("Cf-Access-Authenticated-User-Email")) return c.text("forbidden", 403);
  const row = await c.env.DB.prepare("SELECT id, {a}, {b} FROM {t} WHERE id = ?").bind(id).first();
  if (!row) {{ return c.notFound(); }}
  console.log("read {t}", row.{a});
  return c.json({{ id: row.id, {a}: row.{a}, {b}: row.{b} }});
}});
app.put("/api/{t}/:id", async (c) => {{
  const body = await c.req.json<{{ {a}: string; {b}: string }}>();
  const summary = await openai.chat.completions.create({{
    model: "gpt-4o-mini",
    messages: [{{ role: "user", content: `Summarise ${{body.{a}}} and ${{body.{b}}}` }}],
  }});
  await fetch("https://hooks.partner{r}.example.com/{i}", {{ method: "POST", body: JSON.stringify(body) }});
  await c.env.DB.prepare("UPDATE {t} SET {a} = ?, {b} = ? WHERE id = ?").bind(body.{a}, body.{b}, c.req.param("id")).run();
  return c.json({{ ok: true, summary: summary.choices[0].message.content }});
}});
"#
        ));
    }
    out.push_str("export default app;\n");
    out
}

fn component(i: usize) -> String {
    format!(
        r#"import {{ useState }} from "react";
export function Panel{i}({{ user }}: {{ user: {{ name: string; email: string }} }}) {{
  const [open, setOpen] = useState(false);
  localStorage.setItem("panel{i}", open ? "open" : "closed");
  return (
    <section>
      <h2>{{user.name}}</h2>
      <img src="https://cdn.example{i}.net/avatar.png" alt="" />
      <button onClick={{() => setOpen(!open)}}>Toggle</button>
      <a href="https://example.org/help/{i}">Help</a>
    </section>
  );
}}
"#
    )
}

fn page(i: usize) -> String {
    format!(
        "<!doctype html><html><head><link rel=\"stylesheet\" href=\"https://fonts.googleapis.com/css2?family=Inter{i}\"></head>\n<body><h1>Page {i}</h1><p>{}</p><script>fetch('/api/items{i}').then(r => r.json());</script></body></html>\n",
        "Lorem ipsum dolor sit amet. ".repeat(20)
    )
}

/// Writes a tree of about `target` bytes from `make(i)` files; returns (files, bytes).
fn write_tree(
    root: &Path,
    target: usize,
    make: &dyn Fn(usize) -> Vec<(String, String)>,
) -> (usize, usize) {
    let (mut bytes, mut files, mut i) = (0usize, 0usize, 0usize);
    while bytes < target {
        for (name, text) in make(i) {
            let path = root.join(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, &text).expect("write");
            bytes += text.len();
            files += 1;
        }
        i += 1;
    }
    (files, bytes)
}

/// Scans `root` three times (the files in the page cache, as after a checkout) and prints the
/// best wall-clock and CPU figures.
fn measure(label: &str, root: &Path, files: usize, bytes: usize) {
    let dict = Dictionary::builtin().expect("dictionaries");
    let options = ScanOptions::new(dpia::calendar::Date {
        year: 2026,
        month: 12,
        day: 5,
    });
    let (mut best_wall, mut best_cpu, mut flows, mut problems) = (f64::MAX, f64::MAX, 0, 0);
    for _ in 0..3 {
        let (start, cpu) = (Instant::now(), cpu_seconds());
        let report = scan::scan(
            &[ScanInput::Path(root.to_path_buf())],
            &options,
            &dict,
            &scan::NoProgress,
        );
        best_wall = best_wall.min(start.elapsed().as_secs_f64());
        best_cpu = best_cpu.min(cpu_seconds() - cpu);
        flows = report.flows.len();
        problems = report.problems.len();
    }
    let mb = bytes as f64 / 1e6;
    println!(
        "{label}: {files} files, {mb:.1} MB, best of 3: {best_wall:.2} s wall ({:.0} files/s, {:.1} MB/s), {best_cpu:.2} CPU s ({:.1} MB per CPU s, one core), {flows} flows, {problems} problems",
        files as f64 / best_wall,
        mb / best_wall,
        mb / best_cpu.max(1e-9),
    );
}

fn main() {
    let small = tempfile::tempdir().expect("temp dir");
    let (files, bytes) = write_tree(small.path(), 5 * 1024 * 1024, &|i| {
        vec![
            (format!("src/routes/items{i}.ts"), worker(i)),
            (format!("web/Panel{i}.tsx"), component(i)),
            (format!("public/page{i}.html"), page(i)),
        ]
    });
    measure(
        "small files (route modules, TSX, HTML)",
        small.path(),
        files,
        bytes,
    );
    let large = tempfile::tempdir().expect("temp dir");
    let (files, bytes) = write_tree(large.path(), 5 * 1024 * 1024, &|i| {
        vec![(format!("src/modules/api{i}.ts"), big_worker(i))]
    });
    measure(
        "large Worker modules (40 routes each)",
        large.path(),
        files,
        bytes,
    );
    let dict = Dictionary::builtin().expect("dictionaries");
    let options = ScanOptions::new(dpia::calendar::Date {
        year: 2026,
        month: 12,
        day: 5,
    });
    let mut best = f64::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        let r = scan::scan(&dpia::example::inputs(), &options, &dict, &scan::NoProgress);
        best = best.min(start.elapsed().as_secs_f64());
        assert!(!r.flows.is_empty());
    }
    println!(
        "bundled example, default scan: {:.0} ms (best of 5); peak RSS {:.0} MB",
        best * 1000.0,
        peak_rss_kib() as f64 / 1024.0
    );
}
