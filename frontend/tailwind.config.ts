// Loaded by `@config` in src/index.css. Tailwind's `@theme` block cannot import values, so the
// palette is handed over from here: theme/palette.ts stays the only place a colour is written.
import { colors } from './src/theme/palette.ts';

export default { theme: { extend: { colors } } };
