import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Region, regionNames } from '../../../../common/reference.ts';
import { share } from '../../shared/scale.ts';
import { focusRing } from '../../ui/Button.tsx';

/**
 * A grid cartogram of France: each region a tile at roughly its place (column, row), Corsica off the coast, the
 * overseas regions in a row of their own.
 */
export const regionTiles: Record<Region, { code: string; col: number; row: number }> = {
  'hauts-de-france': { code: 'HDF', col: 3, row: 1 },
  bretagne: { code: 'BRE', col: 1, row: 2 },
  normandie: { code: 'NOR', col: 2, row: 2 },
  'ile-de-france': { code: 'IDF', col: 3, row: 2 },
  'grand-est': { code: 'GES', col: 4, row: 2 },
  'pays-de-la-loire': { code: 'PDL', col: 2, row: 3 },
  'centre-val-de-loire': { code: 'CVL', col: 3, row: 3 },
  'bourgogne-franche-comte': { code: 'BFC', col: 4, row: 3 },
  'nouvelle-aquitaine': { code: 'NAQ', col: 2, row: 4 },
  'auvergne-rhone-alpes': { code: 'ARA', col: 3, row: 4 },
  occitanie: { code: 'OCC', col: 2, row: 5 },
  'provence-alpes-cote-d-azur': { code: 'PAC', col: 3, row: 5 },
  corse: { code: 'COR', col: 5, row: 5 },
  guadeloupe: { code: 'GUA', col: 1, row: 6 },
  martinique: { code: 'MTQ', col: 2, row: 6 },
  guyane: { code: 'GUF', col: 3, row: 6 },
  'la-reunion': { code: 'LRE', col: 4, row: 6 },
  mayotte: { code: 'MAY', col: 5, row: 6 },
};

const overseasRow = 6;

/** Five steps of blue, the lightest for the smallest values; text on the two darkest is white. */
const steps = ['#eff6ff', '#bfdbfe', '#60a5fa', '#1d4ed8', '#1e3a8a'];

/** The colour step of a value against the largest: empty tiles keep the lightest. */
export function colourStep(value: number, max: number): number {
  if (value <= 0 || max <= 0) return 0;
  return Math.min(steps.length - 1, 1 + Math.floor(share(value, max) * (steps.length - 1) - 1e-9));
}

type Props = {
  values: Partial<Record<Region, number>>;
  format: (value: number) => string;
  /** The name of the value, for the tile's accessible name ("dossiers ouverts"). */
  measure: string;
  linkFor: (region: Region) => string;
};

export function RegionTileMap({ values, format, measure, linkFor }: Props) {
  const { t } = useTranslation();
  const max = Math.max(0, ...Object.values(values).map((v) => v ?? 0));
  return (
    <div>
      <ul className="mx-auto grid max-w-md grid-cols-5 gap-1" data-testid="region-map">
        {(Object.keys(regionTiles) as Region[]).map((region) => {
          const tile = regionTiles[region];
          const value = values[region] ?? 0;
          const step = colourStep(value, max);
          return (
            <li
              key={region}
              style={{ gridColumn: tile.col, gridRow: tile.row }}
              className={tile.row === overseasRow ? 'mt-3' : undefined}
              data-region={region}
            >
              <Link
                to={linkFor(region)}
                title={regionNames[region]}
                className={`flex aspect-square flex-col items-center justify-center rounded-md text-center leading-tight ${focusRing} hover:ring-2 hover:ring-slate-900 ${
                  step >= 3 ? 'text-white' : 'text-slate-900'
                }`}
                style={{ background: steps[step] }}
              >
                {/* The tile shows a code; a screen reader hears the region's full name (an aria-label would not
                    hold the visible text, which WCAG's "label in name" asks). */}
                <span className="sr-only">
                  {t('dashboard.regions.tile', {
                    region: regionNames[region],
                    value: format(value),
                    measure,
                  })}
                </span>
                <span aria-hidden="true" className="text-[10px] font-semibold sm:text-xs">
                  {tile.code}
                </span>
                <span aria-hidden="true" className="text-xs font-bold tabular-nums sm:text-sm">
                  {format(value)}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
      <p className="mt-3 text-center text-xs text-slate-600">{t('dashboard.regions.overseas')}</p>
    </div>
  );
}
