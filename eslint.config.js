// Flat config: typescript-eslint's type-checked rules, zero warnings (`eslint --max-warnings 0`).
// Formatting is Prettier's job, so no stylistic rules here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The arrows docs/architecture.md forbids, as lint errors. Each room gets one list (a later config
// block replaces an earlier one's options for the same rule, so each room's list is whole here).
// Package aliases go in `paths` (exact names): a `patterns` entry starting with '#' reads as a
// gitignore comment and would match nothing.
const TESTS = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**', 'libs/testing/**'];
const NO_TESTING_MESSAGE =
  'Production code never imports the test harness; shared port and broker helpers live in #net.';
const aliases = (names, message) => names.map((name) => ({ name, message }));
const CONTRACTS_MESSAGE = 'libs/contracts is what crosses a process boundary: it depends on nothing of ours.';
const WEB_MESSAGE = 'The browser sees the api only through libs/contracts and HTTP (docs/architecture.md).';
/** What production code may not import; `extra` adds paths to the shared list. */
const productionImports = (extra) => ({
  paths: [
    ...aliases(['#testing'], NO_TESTING_MESSAGE),
    {
      name: 'class-validator',
      importNames: ['IsOptional'],
      message:
        'IsOptional lets null through; use MayBeOmitted (apps/api/src/common/validators.ts), which checks a null like any value sent.',
    },
    {
      name: 'class-validator',
      importNames: ['ValidateNested'],
      message:
        'ValidateNested takes an array where an object belongs; use IsNested (apps/api/src/common/validators.ts).',
    },
    ...extra,
  ],
  patterns: [{ group: ['**/libs/testing/**'], message: NO_TESTING_MESSAGE }],
});
const SEED_CATALOGUE = {
  name: '#agronomy',
  importNames: ['CROPS', 'CROP_KEYS', 'SEED_PROFILES'],
  message:
    'The shipped crop table is seed data: read crops from the catalogue (CropsService, docs/catalogue.md).',
};
const rooms = [
  {
    files: ['apps/api/src/batches/**/*.ts'],
    patterns: [
      {
        group: ['**/orders/**'],
        message: 'batches/ must not depend on orders/: both depend on matching/ (docs/architecture.md).',
      },
    ],
  },
  {
    files: ['apps/api/src/matching/**/*.ts'],
    patterns: [
      {
        group: ['**/orders/**', '**/batches/**'],
        message: 'matching/ is below batches/ and orders/; it imports neither (docs/architecture.md).',
      },
    ],
  },
  {
    files: ['apps/api/src/control/**/*.ts'],
    patterns: [
      {
        group: ['**/alarms/**'],
        message:
          'control/ takes the limits in force from thresholds/, never from alarms/ (docs/architecture.md).',
      },
    ],
  },
  {
    files: ['apps/api/src/thresholds/**/*.ts'],
    patterns: [
      {
        group: ['**/alarms/**', '**/control/**'],
        message: 'thresholds/ is below alarms/ and control/; it imports neither (docs/architecture.md).',
      },
    ],
  },
  {
    files: ['apps/api/src/telemetry/**/*.ts'],
    patterns: [
      {
        group: ['**/live/**'],
        message: 'telemetry/ announces readings by domain events; live/ listens (docs/architecture.md).',
      },
    ],
  },
  {
    files: ['apps/api/src/{backup,disk,health,system}/**/*.ts'],
    patterns: [
      {
        group: ['**/site-status/**'],
        message:
          'site-status/ reads backup/, disk/, health/ and system/; they never import it (docs/architecture.md).',
      },
    ],
  },
  {
    files: ['libs/contracts/**/*.ts'],
    patterns: [{ group: ['**/apps/**'], message: CONTRACTS_MESSAGE }],
    paths: aliases(['#config', '#agronomy', '#net', '#testing'], CONTRACTS_MESSAGE),
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    patterns: [{ group: ['**/api/src/**', '**/simulator/src/**'], message: WEB_MESSAGE }],
    paths: aliases(['#config', '#net', '#testing'], WEB_MESSAGE),
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'apps/web/dist/',
      'coverage/',
      'data/',
      'test-artifacts/',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // The three rules the house style names (CONTRIBUTING.md, Tooling).
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Nest modules are classes with decorators and no members; DTO classes are filled by
      // class-transformer. Both are idiomatic Nest, not mistakes.
      '@typescript-eslint/no-extraneous-class': 'off',
      // Async hooks (aedes, Nest lifecycle) often implement an async interface without awaiting.
      '@typescript-eslint/require-await': 'off',
      // `${number}` in messages is clear and common in logs and errors.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
    },
  },
  {
    // Plain JavaScript (build scripts, jest and eslint configs): no type information to check.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      parserOptions: { projectService: false, program: null, project: false },
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
      },
    },
  },
  {
    // Tests poke at JSON bodies, mqtt payloads and jest mocks whose types are `any` by nature;
    // the no-unsafe-* family would demand a cast on every assertion without catching real bugs.
    // unbound-method trips on `expect(obj.method)` with jest mocks.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'libs/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  // Production code never imports the test harness (tools/ are benchmarks, which may), nor
  // class-validator's IsOptional and ValidateNested (common/validators.ts has stricter ones), nor
  // the crop table the nursery shipped with: at run time the catalogue is the database's rows
  // (docs/catalogue.md), and only the migration that inserted them reads the seed.
  {
    files: ['apps/**/*.{ts,tsx}', 'libs/*/src/**/*.ts'],
    ignores: TESTS,
    rules: { 'no-restricted-imports': ['error', productionImports([SEED_CATALOGUE])] },
  },
  {
    files: ['apps/api/src/database/migrations/*.ts'],
    rules: { 'no-restricted-imports': ['error', productionImports([])] },
  },
  // The domain event bus is typed (DomainEventMap): a cast of it let a subscriber read fields the
  // event never had, and hid a presence bug that judged five-minute devices offline (issue 16).
  {
    files: ['apps/api/src/**/*.ts'],
    ignores: TESTS,
    rules: {
      'no-restricted-syntax': [
        'error',
        ...["[expression.property.name='events']", "[expression.name='events']"].map((events) => ({
          selector: `TSAsExpression${events}`,
          message:
            'Do not cast the domain event bus: subscribe with events.on(name, handler); the handler gets the type its module declared in DomainEventMap.',
        })),
      ],
    },
  },
  // Phones open the dashboard over plain HTTP on the office LAN (`http://192.168.x.y:3000`), where
  // `isSecureContext` is false and these APIs are missing or refused: a call would break the page
  // only there, never on localhost. Ids come from crypto.getRandomValues (issue 15).
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...[
          ['crypto', 'randomUUID', 'use crypto.getRandomValues'],
          ['navigator', 'serviceWorker', 'no service worker without HTTPS'],
          ['navigator', 'clipboard', 'clipboard reads need a secure context'],
          ['navigator', 'mediaDevices', 'no camera or microphone (getUserMedia) without HTTPS'],
          ['window', 'Notification', 'no notification permission without HTTPS'],
          ['globalThis', 'Notification', 'no notification permission without HTTPS'],
        ].map(([object, property, why]) => ({
          object,
          property,
          message: `${why}: plain-HTTP LAN origins are not secure contexts.`,
        })),
        ...['getUserMedia', 'randomUUID'].map((property) => ({
          property,
          message: 'needs a secure context, which plain-HTTP LAN origins are not.',
        })),
      ],
      'no-restricted-globals': [
        'error',
        {
          name: 'Notification',
          message: 'no notification permission without HTTPS (plain-HTTP LAN origin).',
        },
      ],
    },
  },
  ...rooms.map(({ files, patterns, paths = [] }) => ({
    files,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns, paths }] },
  })),
);
