import 'reflect-metadata';
import { listenHint, portInUseMessage, portIsFree, samplePort } from './sample-port.js';

async function bootstrap(): Promise<void> {
  const port = samplePort(process.env.PORT);
  if (port === undefined) return fail(`✗ PORT must be a port number between 1 and 65535, got "${process.env.PORT}".`);
  // Checked before Nest starts, so a taken port is one clear line instead of Nest's start-up log and a stack.
  if (!(await portIsFree(port))) return fail(portInUseMessage(port));

  // Loaded only now, so that the two refusals above answer at once.
  const [{ Logger }, { NestFactory }, { SampleAppModule }, { sampleBotSettings, sampleSettings }] = await Promise.all([
    import('@nestjs/common'),
    import('@nestjs/core'),
    import('./app.module.js'),
    import('./demo-settings.js'),
  ]);
  const app = await NestFactory.create(SampleAppModule);
  app.enableShutdownHooks();
  try {
    await app.listen(port, '0.0.0.0');
  } catch (error) {
    // Taken in the moment between the check and the listen.
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    await app.close();
    return fail(portInUseMessage(port));
  }
  const logger = new Logger('Sample');
  logger.log(`WeCom callback URL: http://localhost:${port}/wecom/callback, AI bot URL: http://localhost:${port}/wecom/bot`);
  if (sampleSettings().usingDemo || sampleBotSettings().usingDemo) {
    logger.log(
      'Using the demo settings from WeCom\'s documentation (set WECOM_CORP_ID, WECOM_TOKEN, WECOM_AES_KEY, WECOM_AGENT_ID ' +
        'for a real app, WECOM_BOT_TOKEN and WECOM_BOT_AES_KEY for a real bot).',
    );
  }
  logger.log(`Try it from another terminal: ${listenHint(port)}`);
}

function fail(message: string): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
}

void bootstrap();
