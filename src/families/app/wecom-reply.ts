/** One article of a news reply (PROTOCOL.md §3.4). */
export interface NewsArticle {
  Title: string;
  Description?: string;
  PicUrl?: string;
  Url?: string;
}

/** A template card for `update_template_card`, in WeCom's PascalCase XML names (PROTOCOL.md §3.4). */
export interface TemplateCardUpdate {
  CardType: 'text_notice' | 'news_notice' | 'button_interaction' | 'vote_interaction' | 'multiple_interaction' | (string & {});
  [field: string]: unknown;
}

/** WeCom caps a news reply's article list (doc 90241). */
export const MAX_NEWS_ARTICLES = 8;

/**
 * A passive reply. Return one from a handler (a plain string is shorthand for `WeComReply.text`);
 * the module fills in ToUserName, FromUserName and CreateTime, then encrypts it.
 */
export class WeComReply {
  private constructor(
    /** The reply's `MsgType`. */
    readonly msgType: string,
    /** The elements after `MsgType`, in WeCom's names and order. */
    readonly fields: Readonly<Record<string, unknown>>,
  ) {}

  /** Text; WeCom truncates Content beyond 2048 bytes. */
  static text(content: string): WeComReply {
    return new WeComReply('text', { Content: requireText(content, 'text', 'content') });
  }

  static image(mediaId: string): WeComReply {
    return new WeComReply('image', { Image: { MediaId: requireText(mediaId, 'image', 'mediaId') } });
  }

  static voice(mediaId: string): WeComReply {
    return new WeComReply('voice', { Voice: { MediaId: requireText(mediaId, 'voice', 'mediaId') } });
  }

  static video(mediaId: string, title?: string, description?: string): WeComReply {
    return new WeComReply('video', {
      Video: { MediaId: requireText(mediaId, 'video', 'mediaId'), Title: title, Description: description },
    });
  }

  /** 1 to 8 articles. */
  static news(articles: readonly NewsArticle[]): WeComReply {
    if (!Array.isArray(articles) || articles.length === 0 || articles.length > MAX_NEWS_ARTICLES) {
      throw new TypeError(`WeComReply.news(articles) needs 1 to ${MAX_NEWS_ARTICLES} articles (got ${Array.isArray(articles) ? articles.length : typeof articles}).`);
    }
    const item = articles.map((article, index) => {
      requireText(article?.Title, 'news', `articles[${index}].Title`);
      return { Title: article.Title, Description: article.Description, PicUrl: article.PicUrl, Url: article.Url };
    });
    return new WeComReply('news', { ArticleCount: articles.length, Articles: { item } });
  }

  /** Replaces the clicked button's text; the answer to a `template_card_event`. */
  static updateButton(replaceName: string): WeComReply {
    return new WeComReply('update_button', { Button: { ReplaceName: requireText(replaceName, 'updateButton', 'replaceName') } });
  }

  /** Replaces the whole template card for the user who clicked. */
  static updateTemplateCard(card: TemplateCardUpdate): WeComReply {
    if (!card || typeof card !== 'object' || typeof card.CardType !== 'string' || card.CardType === '') {
      throw new TypeError('WeComReply.updateTemplateCard(card) needs a card object with a CardType, in WeCom\'s PascalCase names.');
    }
    return new WeComReply('update_template_card', { TemplateCard: card });
  }

  /** The legacy task card's button text (answer to `taskcard_click`). */
  static updateTaskCard(replaceName: string): WeComReply {
    return new WeComReply('update_taskcard', { TaskCard: { ReplaceName: requireText(replaceName, 'updateTaskCard', 'replaceName') } });
  }
}

function requireText(value: unknown, builder: string, argument: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`WeComReply.${builder}(): ${argument} must be a non-empty string.`);
  }
  return value;
}
