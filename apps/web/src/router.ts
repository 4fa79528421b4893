import { signal } from './state.ts';

export const route = signal(location.pathname);

export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  route.set(path);
}

addEventListener('popstate', () => route.set(location.pathname));
