// Builds the territory extract aci-cpts ships (src/geo/*.tsv and source.toml) from the files of
// the npm package @etalab/decoupage-administratif. Only this script needs Node.js; the tool and
// its tests read the committed extract.
//
//   npm install --no-save --prefix /tmp/geo @etalab/decoupage-administratif@6.0.0
//   node src/geo/extract.mjs /tmp/geo/node_modules/@etalab/decoupage-administratif 2023
//
// The second argument is the INSEE vintage (millésime) of the legal populations the package
// carries: the package's README says which (6.0.0: populations légales 2023, in force on
// 1 January 2026).

import { readFileSync, writeFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const [pkgDir, millesime] = process.argv.slice(2)
if (!pkgDir || !/^\d{4}$/.test(millesime ?? '')) {
  console.error('usage: node src/geo/extract.mjs PACKAGE_DIR MILLESIME (e.g. 2023)')
  process.exit(2)
}
const out = dirname(fileURLToPath(import.meta.url))
const read = name => JSON.parse(readFileSync(join(pkgDir, name), 'utf8'))
const pkg = read('package.json')
const communes = read('data/communes.json')
const departements = read('data/departements.json')
const regions = read('data/regions.json')
const epci = read('data/epci.json')

// A field never holds a tab or a line break: the TSV has no quoting.
const clean = s => String(s ?? '').replace(/[\t\r\n]+/g, ' ')
const byCode = (a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)

const current = communes.filter(c => c.type === 'commune-actuelle')
const arrondissements = communes.filter(c => c.type === 'arrondissement-municipal')
const known = new Set([...current, ...arrondissements].map(c => c.code))
// Former communes (déléguées, associées) whose code is no longer a commune's: a scenario that
// gives one is told which commune it belongs to now.
const former = new Map()
for (const c of communes) {
  if ((c.type === 'commune-deleguee' || c.type === 'commune-associee') && !known.has(c.code) && !former.has(c.code)) {
    former.set(c.code, c)
  }
}

const rows = [
  ...current.map(c => [c.code, c.nom, 'commune', c.departement, c.region, c.population ?? '', '']),
  ...arrondissements.map(c => [c.code, c.nom, 'arrondissement', c.departement, c.region, c.population ?? '', c.commune]),
  ...[...former.values()].map(c => [c.code, c.nom, 'ancienne', c.departement, c.region, '', c.chefLieu])
].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
const tsv = (header, lines) => [header, ...lines].map(l => l.map(clean).join('\t')).join('\n') + '\n'
writeFileSync(join(out, 'communes.tsv'), tsv(['code', 'nom', 'type', 'departement', 'region', 'population', 'parent'], rows))

writeFileSync(join(out, 'epci.tsv'), tsv(['siren', 'nom', 'membres'],
  [...epci].sort(byCode).map(e => [e.code, e.nom, e.membres.map(m => m.code).sort().join(' ')])))
writeFileSync(join(out, 'departements.tsv'), tsv(['code', 'nom', 'region'],
  [...departements].sort(byCode).map(d => [d.code, d.nom, d.region])))
writeFileSync(join(out, 'regions.tsv'), tsv(['code', 'nom'], [...regions].sort(byCode).map(r => [r.code, r.nom])))

// The package's own figures, for the test that compares the extract with them.
const byRegion = {}
for (const c of current) {
  byRegion[c.region] = (byRegion[c.region] ?? 0) + (c.population ?? 0)
}
const lines = [
  '# Where the territory extract comes from; written by src/geo/extract.mjs, do not edit.',
  `package = "${pkg.name}"`,
  `version = "${pkg.version}"`,
  'data_licence = "Licence Ouverte / Open Licence 2.0 (Etalab)"',
  `code_licence = "${pkg.license}"`,
  `source = "https://www.npmjs.com/package/${pkg.name}/v/${pkg.version}"`,
  'population = "population municipale INSEE"',
  `millesime = ${millesime}`,
  `communes = ${current.length}`,
  `arrondissements = ${arrondissements.length}`,
  `former_communes = ${former.size}`,
  `epci = ${epci.length}`,
  '',
  '# Population of the current communes by région, summed from the package.',
  '[population_by_region]',
  ...Object.keys(byRegion).sort().map(r => `"${r}" = ${byRegion[r]}`)
]
writeFileSync(join(out, 'source.toml'), lines.join('\n') + '\n')
console.log(`${current.length} communes, ${arrondissements.length} arrondissements, ${former.size} former communes, ${epci.length} EPCI`)
