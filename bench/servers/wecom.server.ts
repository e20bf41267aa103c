import { listenNest } from './listen-nest.js';
import { benchHandled, WeComBenchModule } from './wecom-bench.module.js';

// wecom-text-reply and wecom-event (and the RSS scenario): nestjs-wecom behind a real Nest app.
await listenNest(WeComBenchModule, () => ({ handled: benchHandled.count }));
