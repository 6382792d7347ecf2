//! Prints what the gazetteer knows under a name: `cargo run --example lookup -- NAME...`

fn main() {
    let g = match dateline::gazetteer::Gazetteer::load_default() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    for name in std::env::args().skip(1) {
        println!("{name}:");
        for (id, flags) in g.lookup(&name) {
            println!("  {:?} flags={:08b}", g.entity(id), flags.0);
        }
    }
}
