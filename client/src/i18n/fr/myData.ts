/** The French texts of the account page's "my data" card, loaded with it (../my-data.ts), not by the app shell. */
export const myDataTexts = {
  myData: {
    title: 'Mes données',
    text: 'Téléchargez une archive ZIP de toutes vos données personnelles : votre compte, vos dossiers, vos messages, les documents que vous avez déposés et leur historique. Sa préparation peut prendre un moment.',
    download: 'Télécharger toutes mes données',
  },
};

export const myDataErrorTexts = {
  DATA_EXPORT_RATE_LIMITED:
    'Vous avez déjà téléchargé vos données plusieurs fois cette heure-ci : réessayez plus tard.',
};
