/**
 * The systemd unit that brings the nursery back after a power cut: started at boot without waiting
 * for the internet, restarted whenever it stops, and stopped the way Ctrl-C stops `npm start`.
 */
export interface UnitOptions {
  /** The checkout the api runs from (holds dist/ and the optional .env). */
  readonly checkout: string;
  /** The checkout's owner: the api runs as this user. */
  readonly user: string;
  /** The node binary (absolute). */
  readonly node: string;
}

export const UNIT_NAME = 'yumiao.service';

export function renderUnit(options: UnitOptions): string {
  const { checkout, user, node } = options;
  return `# Yumiao (育苗): written by \`npm run service:install\`; removed by \`npm run service:uninstall\`.
[Unit]
Description=Yumiao nursery management (育苗)
Documentation=file://${checkout}/docs/operations.md
# network.target, not network-online.target: the server needs no internet and must start while the
# 4G link is still down after a power cut; phones reach it over the office LAN.
After=network.target

[Service]
Type=simple
User=${user}
# The 4G modem's serial port (SMS_MODEM) belongs to the dialout group.
SupplementaryGroups=dialout
WorkingDirectory=${checkout}
# Settings as in .env.example (KEY=value lines); the service runs on the defaults without one.
EnvironmentFile=-${checkout}/.env
ExecStart=${node} ${checkout}/dist/apps/api/src/main.js
# SIGINT to the api only, as Ctrl-C: it stops the simulator, the broker and PostgreSQL in order.
# Whatever is left after the timeout gets SIGKILL (the api's own stop takes a few seconds).
KillMode=mixed
KillSignal=SIGINT
TimeoutStopSec=90
Restart=always
RestartSec=5

[Install]
WantedBy=multi-user.target
`;
}
