import { useTranslation } from 'react-i18next';
import { type Level, levelTone } from './levels.ts';

/** A figure in its level's colour, followed by the level in words (colour is never the only sign). */
export function LevelBadge({ level, children }: { level: Level; children: string }) {
  const { t } = useTranslation();
  return (
    <span className={`inline-block rounded-md px-1.5 py-0.5 whitespace-nowrap ${levelTone[level]}`}>
      {children}
      {level !== 'good' && <span className="ml-1 text-xs">({t(`monitoring.levels.${level}`)})</span>}
    </span>
  );
}
