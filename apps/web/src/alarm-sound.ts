import { signal } from './state.ts';

/**
 * The dashboard's alarm sound. A page on the office LAN is served over plain HTTP, where browsers
 * refuse notifications and service workers; what is left is sound, and browsers let a page make
 * sound only after a person touched it. So the technician turns the sound on with one tap (which
 * starts the Web Audio context), the choice is kept in localStorage, and after a reload the first
 * touch anywhere on the page starts the context again. A new critical alarm then beeps: oscillator
 * tones made on the spot, no audio file to load.
 */
const KEY = 'yumiao.alarmSound';

/** `blocked`: turned on, but the browser holds the sound until the page is touched once more. */
export type AlarmSoundState = 'off' | 'on' | 'blocked';

const storedOn = (): boolean => {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
};

export const alarmSound = signal<AlarmSoundState>(storedOn() ? 'blocked' : 'off');
/** How many alarm sounds actually played (the audio context was running): a test can read it. */
export const alarmSoundPlays = signal(0);

let context: AudioContext | null = null;
let waitingForTouch = false;

function refresh(): void {
  if (!storedOn()) alarmSound.set('off');
  else alarmSound.set(context?.state === 'running' ? 'on' : 'blocked');
}

/** Creates or resumes the audio context: only from a person's tap or key press. */
async function start(): Promise<void> {
  if (typeof AudioContext === 'undefined') return;
  if (!context) {
    context = new AudioContext();
    context.addEventListener('statechange', refresh);
  }
  if (context.state !== 'running') await context.resume().catch(() => undefined);
  refresh();
}

/** Turned on earlier: the first touch of the page starts the sound again after a reload. */
function resumeOnTouch(): void {
  if (waitingForTouch || typeof document === 'undefined') return;
  waitingForTouch = true;
  const touched = (event: Event) => {
    // The sound button's own tap decides by itself (it would otherwise see the sound on and turn it off).
    if (event.target instanceof Element && event.target.closest('[data-alarm-sound]')) return;
    document.removeEventListener('pointerdown', touched, true);
    document.removeEventListener('keydown', touched, true);
    waitingForTouch = false;
    if (storedOn()) void start();
  };
  document.addEventListener('pointerdown', touched, true);
  document.addEventListener('keydown', touched, true);
}
if (storedOn()) resumeOnTouch();

/** The button's tap: on (with a short confirmation beep) or off. */
export async function toggleAlarmSound(): Promise<void> {
  if (alarmSound.get() === 'on') {
    localStorage.removeItem(KEY);
    await context?.suspend().catch(() => undefined);
    refresh();
    return;
  }
  localStorage.setItem(KEY, '1');
  await start();
  if (context?.state === 'running') beep(context, context.currentTime, 0.12, 660);
}

function beep(audio: AudioContext, at: number, seconds: number, hz: number): void {
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.type = 'square';
  oscillator.frequency.value = hz;
  // Short ramps: no click at the edges.
  gain.gain.setValueAtTime(0, at);
  gain.gain.linearRampToValueAtTime(0.25, at + 0.01);
  gain.gain.setValueAtTime(0.25, at + seconds - 0.02);
  gain.gain.linearRampToValueAtTime(0, at + seconds);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start(at);
  oscillator.stop(at + seconds);
}

/**
 * Plays the alarm (two bursts of three high beeps, about 2 s) when the sound is on and the browser
 * lets it; answers whether it played.
 */
export function playAlarmSound(): boolean {
  if (!storedOn()) return false;
  if (!context || context.state !== 'running') {
    resumeOnTouch();
    return false;
  }
  const t0 = context.currentTime + 0.05;
  for (let burst = 0; burst < 2; burst++)
    for (let i = 0; i < 3; i++) beep(context, t0 + burst * 1.1 + i * 0.3, 0.2, 880);
  alarmSoundPlays.set(alarmSoundPlays.get() + 1);
  return true;
}
