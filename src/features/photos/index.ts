export { storeLinePhoto, storePhoto, readPhoto, deletePhoto, discardPhotos, photoUrl, verifyPhotoSignature, type PhotoRef } from './photos.service';
export { photosRoutes } from './photos.routes';
