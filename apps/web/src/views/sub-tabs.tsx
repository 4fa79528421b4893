import { t, type MessageKey } from '../i18n.ts';
import { navigate } from '../router.ts';

/**
 * One row of tabs under the header for a page's sections (`/technician/today`, `/adviser/batches`):
 * links that navigate in place. Each tab's test id is `tab-<section>`, `tab-<home>` for the page's
 * own path.
 */
export function SubTabs({
  sections,
  current,
  home,
  testId,
}: {
  sections: readonly (readonly [string, MessageKey])[];
  current: string;
  home: string;
  testId: string;
}) {
  return (
    <nav class="sub-tabs" data-testid={testId}>
      {sections.map(([to, label]) => (
        <a
          href={to}
          class={to === current ? 'active' : ''}
          data-testid={`tab-${to.split('/')[2] ?? home}`}
          onClick={(e) => {
            e.preventDefault();
            navigate(to);
          }}
        >
          {t(label)}
        </a>
      ))}
    </nav>
  );
}
