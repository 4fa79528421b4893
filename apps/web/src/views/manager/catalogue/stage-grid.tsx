// Stage by stage, the day and night air bands or the moisture band: one row per stage on a phone.
import { t, type MessageKey } from '../../../i18n.ts';
import { agronomyStage } from '../../house/limits.tsx';
import { NumberInput } from './fields.tsx';
import { STAGES, type Draft } from './profile-draft.ts';

/** Column labels and the path under the stage each one edits. */
const COLUMNS = {
  stages: [
    ['dayC.lo', 'catStageDay', '≥'],
    ['dayC.hi', 'catStageDay', '≤'],
    ['nightC.lo', 'catStageNight', '≥'],
    ['nightC.hi', 'catStageNight', '≤'],
  ],
  moisture: [
    ['vwcLowerPct', 'catMoisture', '≥'],
    ['vwcUpperPct', 'catMoisture', '≤'],
  ],
} as const satisfies Record<string, readonly (readonly [string, MessageKey, string])[]>;

export function StageGrid({
  kind,
  draft,
  onChange,
}: {
  kind: keyof typeof COLUMNS;
  draft: Draft;
  onChange: (draft: Draft) => void;
}) {
  const prefix = kind === 'stages' ? 'stageTargets' : 'moisture';
  return (
    <div class={`cat-stages cat-stages-${kind}`}>
      {STAGES.map((stage) => (
        <div class="cat-stage-row">
          <span class="cat-stage-name">{agronomyStage(stage)}</span>
          {COLUMNS[kind].map(([end, label, sign]) => {
            const path = `${prefix}.${stage}.${end}`;
            const text = kind === 'stages' ? `${t(label)} ${sign}` : sign;
            return (
              <label>
                {text}
                <NumberInput
                  name={path}
                  label={`${agronomyStage(stage)} ${t(label)} ${sign}`}
                  value={draft[path] ?? ''}
                  onInput={(value) => onChange({ ...draft, [path]: value })}
                />
              </label>
            );
          })}
        </div>
      ))}
    </div>
  );
}
