fn main() {
    match concord::corpus::load(std::path::Path::new("corpus")) {
        Ok(c) => {
            for t in &c.treaties {
                println!(
                    "== {} {} articles, {} divisions, preamble {}, testimonium {}",
                    t.meta.id,
                    t.articles.len(),
                    t.divisions.len(),
                    t.preamble.len(),
                    t.testimonium.len()
                );
                for a in &t.articles {
                    println!("-- art {} {} notes={}", a.number, a.title, a.notes.len());
                    for (d, b) in a.walk() {
                        println!(
                            "{}{} | {}",
                            "  ".repeat(d),
                            b.eid,
                            b.source_line().chars().take(50).collect::<String>()
                        );
                    }
                }
            }
        }
        Err(e) => println!("{e}"),
    }
}
