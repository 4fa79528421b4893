import type { MessageKey } from '../i18n.ts';
import { route } from '../router.ts';
import { useSignal } from '../state.ts';
import { SubTabs } from './sub-tabs.tsx';
import { BatchPage, parseBatchPath } from './batch-records/batch-page.tsx';
import { BatchListView, SowingPlanView } from './sowing-plan.tsx';
import { TechnicianView } from './technician.tsx';
import { TodayView } from './today.tsx';
import { HistoryView } from './history.tsx';
import './history.css';
import './batch-records/batch-records.css';

const SECTIONS: [string, MessageKey][] = [
  ['/technician', 'housesTab'],
  ['/technician/today', 'todayWork'],
  ['/technician/plan', 'sowingPlan'],
  ['/technician/batches', 'batches'],
  ['/technician/history', 'historyTab'],
];

/**
 * The technician's page: the houses (views/technician.tsx), 今日工作, 播种计划, the batches and a
 * batch's records, under one row of tabs.
 */
export function TechnicianShell() {
  const [path] = useSignal(route).split('?');
  const batch = parseBatchPath(path);
  const current = batch ? '/technician/batches' : path;
  let view;
  if (batch) view = <BatchPage key={batch.id} id={batch.id} action={batch.action} />;
  else if (path === '/technician/today') view = <TodayView />;
  else if (path === '/technician/plan') view = <SowingPlanView />;
  else if (path === '/technician/batches') view = <BatchListView />;
  else if (path === '/technician/history') view = <HistoryView />;
  else view = <TechnicianView />;
  return (
    <>
      <SubTabs sections={SECTIONS} current={current} home="houses" testId="technician-tabs" />
      {view}
    </>
  );
}
