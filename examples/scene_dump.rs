//! Prints a scene's layers and texts for a quick look (development aid).
use dateline::map::basemap::Basemap;
use dateline::map::display::Item;
use dateline::map::scene::{self, Options};
use dateline::project::Project;

fn main() -> anyhow::Result<()> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/articles/fr-irak-soleimani.txt".into());
    let gp = dateline::geoparse::Geoparser::load_default()?;
    let doc = dateline::document::read_file(std::path::Path::new(&path))?;
    let mut p = Project::new("fr");
    let m = gp.parse(&doc.text, &doc.lang);
    p.add_document(doc, &m, gp.gazetteer());
    let bm = Basemap::load(&Basemap::maps_dir()?)?;
    let opts = Options::export("fr", Some("t".into()));
    let v = scene::fit(&p, &bm, 1920.0, 1080.0, &opts).expect("places");
    let s = scene::build(&p, &bm, &v, &opts);
    for l in &s.layers {
        println!("{} {}", l.name, l.items.len());
        if l.name == "labels" || l.name == "pins" {
            for i in l.items.iter().take(12) {
                if let Item::Text(t) = i {
                    println!("  {:?} {:?}", t.text, t.pos);
                }
            }
        }
    }
    Ok(())
}
